package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Prometheus;
import io.imhook.testing.ShadowServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Shadow business servers change no decision: one that always denies, one that never answers and one that is down,
 * beside a live business server that allows; each is counted by how its verdict compared.
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
@WithTestResource(ShadowServers.class)
class ShadowTest {

    private static final String FRIEND = "{\"fromUserID\":\"u1\",\"toUserID\":\"u2\",\"reqMsg\":\"hi\",\"ex\":\"\"}";
    private static final String BLACK = "{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}";
    private static final String IMPORT = "{\"ownerUserID\":\"u1\",\"friendUserIDs\":[\"u2\"]}";

    private final BusinessServer live = BusinessServer.instance();

    private static double shadowCount(String key, String result, String liveOutcome, String shadowOutcome) {
        return Prometheus.value(Prometheus.scrape(), "imhook_shadow_total",
                Map.of("key", key, "result", result, "live", liveOutcome, "shadow", shadowOutcome));
    }

    private static Response dispatch(String key, String operationID, String body) {
        return given().header("operationID", operationID).body(body).post("/dispatch/" + key);
    }

    @Test
    void aShadowThatDeniesChangesNoDecisionAndIsCountedAsDisagreeing() {
        double before = shadowCount("beforeAddFriend", "disagree", "allowed", "denied");
        String opId = BusinessServer.operationId("shadow-deny");

        dispatch("beforeAddFriend", opId, FRIEND).then().statusCode(200)
                .body("outcome", equalTo("allowed")).body("proceed", equalTo(true));

        assertThat(live.awaitRequest(opId)).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> ShadowServers.DENIED.contains(opId));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> shadowCount("beforeAddFriend", "disagree", "allowed", "denied") == before + 1);
        given().get("/admin/shadows").then().statusCode(200)
                .body("beforeAddFriend.disagreements.'allowed->denied'", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void aShadowThatNeverAnswersDelaysNothingAndFailsAfterTheTimeout() {
        double before = shadowCount("beforeAddBlack", "failed", "allowed", "none");
        String opId = BusinessServer.operationId("shadow-held");

        long start = System.nanoTime();
        dispatch("beforeAddBlack", opId, BLACK).then().statusCode(200).body("outcome", equalTo("allowed"));
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - start);

        // the key's timeout is 1 s: an answer that waited for the shadow would take that long
        assertThat(answeredIn).isLessThan(Duration.ofMillis(900));
        await().atMost(Duration.ofSeconds(10)).until(() -> ShadowServers.HELD.contains(opId));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> shadowCount("beforeAddBlack", "failed", "allowed", "none") == before + 1);
    }

    @Test
    void aShadowThatIsDownIsCountedAsFailed() {
        double before = shadowCount("beforeImportFriends", "failed", "allowed", "none");
        String opId = BusinessServer.operationId("shadow-down");

        dispatch("beforeImportFriends", opId, IMPORT).then().statusCode(200).body("outcome", equalTo("allowed"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> shadowCount("beforeImportFriends", "failed", "allowed", "none") == before + 1);
    }

    /** Past max-in-flight (2 here) a shadow call is dropped and counted, and the live decisions go on as ever. */
    @Test
    void pastMaxInFlightShadowCallsAreDroppedNotQueued() {
        double before = shadowCount("beforeAddFriendAgree", "dropped", "none", "none");
        List<CompletableFuture<Response>> calls = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> dispatch("beforeAddFriendAgree",
                        BusinessServer.operationId("shadow-crowded"),
                        "{\"fromUserID\":\"u1\",\"blackUserID\":\"u2\",\"HandleResult\":1,\"HandleMsg\":\"ok\"}")))
                .toList();

        for (CompletableFuture<Response> call : calls) {
            call.join().then().statusCode(200).body("outcome", equalTo("allowed"));
        }
        assertThat(shadowCount("beforeAddFriendAgree", "dropped", "none", "none") - before).isGreaterThanOrEqualTo(4);
    }
}

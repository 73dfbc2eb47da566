package io.imhook.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * After-callback delivery: retried on the schedule (here 200 ms, 400 ms, 800 ms, at most 2 s, 20 % jitter),
 * honouring Retry-After, final on other 4xx, and dead-lettered when retries run out; dead letters are listed,
 * replayed and deleted through the admin API, and the ledger accounts for every event.
 */
@QuarkusTest
@TestProfile(AfterDeliveryTest.Schedule.class)
@WithTestResource(BusinessServerResource.class)
class AfterDeliveryTest {

    private static final String COMMAND = "callbackAfterQuitGroupCommand";

    public static class Schedule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imhook.dispatch.after-queue.retry.initial-delay", "200ms",
                    "imhook.dispatch.after-queue.retry.factor", "2",
                    "imhook.dispatch.after-queue.retry.max-delay", "2s",
                    "imhook.dispatch.after-queue.retry.max-retries", "3",
                    "imhook.dispatch.after-queue.retry.jitter", "0.2");
        }
    }

    private final BusinessServer server = BusinessServer.instance();

    @BeforeEach
    void reset() {
        server.reset();
        given().delete("/admin/dead-letters").then().statusCode(200);
    }

    private static void quit(String operationID) {
        given().header("operationID", operationID).body("{\"groupID\":\"g1\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup")
                .then().statusCode(202).body("outcome", equalTo("queued"));
    }

    private static JsonPath ledger() {
        return given().get("/admin/after-queue").then().statusCode(200).extract().jsonPath();
    }

    private static long millisBetween(BusinessServer.Received earlier, BusinessServer.Received later) {
        return (later.receivedAtNanos() - earlier.receivedAtNanos()) / 1_000_000;
    }

    private void awaitQuiet() {
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger().getLong("pending") == 0);
        assertThat(ledger().getBoolean("balances")).isTrue();
    }

    @Test
    void failedDeliveriesAreRetriedWithExponentialBackoff() {
        server.answerInTurn(COMMAND, Answer.status(503), Answer.status(500), Answer.allow());
        long deliveredBefore = ledger().getLong("delivered");
        quit("op-retry");

        BusinessServer.Received first = server.next();
        BusinessServer.Received second = server.next();
        BusinessServer.Received third = server.next();
        assertThat(List.of(first, second, third)).allSatisfy(r -> assertThat(r.header("operationID"))
                .isEqualTo("op-retry"));
        assertThat(millisBetween(first, second)).isBetween(160L, 1000L);
        assertThat(millisBetween(second, third)).isBetween(320L, 1500L);
        awaitQuiet();
        assertThat(ledger().getLong("delivered")).isEqualTo(deliveredBefore + 1);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void retryAfterSetsTheDelay() {
        server.answerInTurn(COMMAND, Answer.status(429).withHeader("Retry-After", "1"), Answer.allow());
        quit("op-retry-after");
        BusinessServer.Received first = server.next();
        BusinessServer.Received second = server.next();
        assertThat(millisBetween(first, second)).isBetween(1000L, 1900L);
        awaitQuiet();
    }

    @Test
    void otherClientErrorsAreFinal() {
        server.answer(COMMAND, 400, "{\"error\":\"bad\"}");
        quit("op-final");
        assertThat(server.next().header("operationID")).isEqualTo("op-final");
        awaitQuiet();
        assertThat(server.received()).isEmpty();
        given().get("/admin/dead-letters").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].operationID", equalTo("op-final"))
                .body("[0].attempts", equalTo(1))
                .body("[0].lastError", equalTo("business server answered HTTP 400"));
    }

    @Test
    void exhaustedRetriesBecomeADeadLetterThatCanBeReplayed() {
        server.answer(COMMAND, 500, BusinessServer.ALLOW);
        long deliveredBefore = ledger().getLong("delivered");
        quit("op-dead");
        awaitQuiet();
        assertThat(server.received()).hasSize(4);
        JsonPath letters = given().get("/admin/dead-letters").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].key", equalTo("afterQuitGroup"))
                .body("[0].operationID", equalTo("op-dead"))
                .body("[0].attempts", equalTo(4))
                .body("[0].lastError", equalTo("business server answered HTTP 500"))
                .body("[0].body.groupID", equalTo("g1"))
                .extract().jsonPath();
        assertThat(ledger().getLong("deadLettered")).isEqualTo(1);

        server.reset();
        given().post("/admin/dead-letters/" + letters.getLong("[0].id") + "/replay")
                .then().statusCode(200).body("replayed", equalTo(1));
        assertThat(server.next().header("operationID")).isEqualTo("op-dead");
        awaitQuiet();
        assertThat(ledger().getLong("deadLettered")).isZero();
        assertThat(ledger().getLong("delivered")).isEqualTo(deliveredBefore + 1);
        given().get("/admin/dead-letters").then().body("$", hasSize(0));
    }

    @Test
    void allDeadLettersCanBeReplayedOrDeleted() {
        server.answer(COMMAND, 404, "{}");
        quit("op-a");
        quit("op-b");
        quit("op-c");
        awaitQuiet();
        given().get("/admin/dead-letters").then().body("$", hasSize(3));

        server.reset();
        given().post("/admin/dead-letters/replay").then().statusCode(200).body("replayed", equalTo(3));
        awaitQuiet();
        assertThat(server.received()).hasSize(3);

        server.answer(COMMAND, 404, "{}");
        quit("op-d");
        awaitQuiet();
        long discardedBefore = ledger().getLong("discarded");
        given().delete("/admin/dead-letters").then().statusCode(200).body("deleted", equalTo(1));
        assertThat(ledger().getLong("discarded")).isEqualTo(discardedBefore + 1);
        assertThat(ledger().getBoolean("balances")).isTrue();
        given().post("/admin/dead-letters/999999/replay").then().statusCode(404).body("error", equalTo("notFound"));
    }
}

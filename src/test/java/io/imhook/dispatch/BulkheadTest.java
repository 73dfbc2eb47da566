package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.TightLimits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The url's bulkhead: calls past its bound are decided at once as overloaded, by their key's failedContinue, even
 * when each key is within its own share.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
@WithTestResource(BusinessServerResource.class)
class BulkheadTest {

    /** Three keys at one url (5 s timeouts), each with a body it accepts. */
    private static final Map<String, String> KEYS = Map.of(
            "beforeSendSingleMsg", "{\"sendID\":\"u1\",\"recvID\":\"u2\",\"contentType\":101,\"content\":\"hi\"}",
            "beforeSendGroupMsg", "{\"sendID\":\"u1\",\"groupID\":\"g1\",\"contentType\":101,\"content\":\"hi\"}",
            "beforeUpdateUserInfoEx", "{\"userID\":\"u1\"}");

    @Test
    void callsPastTheUrlsBoundAreDecidedAsOverloaded() {
        BusinessServer server = BusinessServer.instance();
        // each key sends its share: together more than the url takes in flight and waiting
        List<String> keys = KEYS.keySet().stream()
                .flatMap(key -> Stream.generate(() -> key).limit(TightLimits.KEY_SHARE_LIMIT)).toList();
        int urlTakes = TightLimits.BULKHEAD_LIMIT + TightLimits.BULKHEAD_QUEUE;
        List<String> operationIDs = keys.stream().map(key -> BusinessServer.operationId("bulkhead")).toList();
        operationIDs.forEach(server::neverAnswer);
        ExecutorService callers = Executors.newFixedThreadPool(keys.size());
        try {
            List<CompletableFuture<JsonPath>> calls = IntStream.range(0, keys.size())
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> given()
                            .header("operationID", operationIDs.get(i))
                            .body(KEYS.get(keys.get(i)))
                            .post("/dispatch/" + keys.get(i))
                            .then().statusCode(200).extract().jsonPath(), callers))
                    .toList();
            // the business server holds what is in flight; the refused calls are decided without waiting for it
            await().atMost(Duration.ofSeconds(20)).until(() -> calls.stream().filter(CompletableFuture::isDone)
                    .count() == keys.size() - urlTakes
                    && operationIDs.stream().mapToInt(id -> server.requestsFor(id).size()).sum()
                            == TightLimits.BULKHEAD_LIMIT);
            List<JsonPath> refused = calls.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)
                    .toList();
            assertThat(refused).allSatisfy(d -> {
                assertThat(d.getString("outcome")).isEqualTo("failed");
                assertThat(d.getString("reason")).isEqualTo("overloaded");
                assertThat(d.getBoolean("proceed")).isTrue();
            });

            // let the held calls go (the business server closes them unanswered): the waiting one takes a slot
            server.release();
            List<JsonPath> decided = calls.stream().map(CompletableFuture::join).toList();
            assertThat(decided).filteredOn(d -> "overloaded".equals(d.getString("reason")))
                    .hasSize(keys.size() - urlTakes);
            assertThat(operationIDs.stream().mapToInt(id -> server.requestsFor(id).size()).sum())
                    .isEqualTo(urlTakes);
        } finally {
            callers.shutdownNow();
            server.release();
        }
    }
}

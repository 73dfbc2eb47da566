package io.imhook.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The bulkhead: calls past its bound are decided at once, not piled up. */
@QuarkusTest
@TestProfile(BulkheadTest.TwoInFlightOneWaiting.class)
@WithTestResource(BusinessServerResource.class)
class BulkheadTest {

    public static class TwoInFlightOneWaiting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imhook.dispatch.bulkhead.limit", "2", "imhook.dispatch.bulkhead.queue-size", "1");
        }
    }

    @Test
    void callsPastTheBoundAreDecidedAsOverloaded() {
        BusinessServer server = BusinessServer.instance();
        List<String> operationIDs = IntStream.range(0, 5).mapToObj(i -> BusinessServer.operationId("bulkhead"))
                .toList();
        // beforeAddFriend has a 1 s timeout, so the two in flight hold their slots for a second
        operationIDs.forEach(server::neverAnswer);
        ExecutorService callers = Executors.newFixedThreadPool(5);
        try {
            List<CompletableFuture<JsonPath>> calls = IntStream.range(0, 5)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> given()
                            .header("operationID", operationIDs.get(i))
                            .body("{\"fromUserID\":\"u" + i + "\",\"toUserID\":\"u9\"}")
                            .post("/dispatch/beforeAddFriend")
                            .then().statusCode(200).extract().jsonPath(), callers))
                    .toList();
            List<JsonPath> decisions = calls.stream().map(CompletableFuture::join).toList();

            List<JsonPath> overloaded = decisions.stream()
                    .filter(d -> "overloaded".equals(d.getString("reason"))).toList();
            assertThat(overloaded).hasSize(2);
            assertThat(overloaded).allSatisfy(d -> {
                assertThat(d.getString("outcome")).isEqualTo("failed");
                assertThat(d.getBoolean("proceed")).isTrue();
                // decided at once: well under the 1 s the others wait for their timeout
                assertThat(d.getLong("elapsedMs")).isLessThan(1000);
            });
            assertThat(decisions).filteredOn(d -> "timeout".equals(d.getString("reason"))).hasSize(3);
            assertThat(operationIDs.stream().mapToInt(id -> server.requestsFor(id).size()).sum()).isEqualTo(3);
        } finally {
            callers.shutdownNow();
            server.release();
        }
    }
}

package io.imhook.security;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** One flooded key takes at most its share of the url's bulkhead; the other keys are still asked. */
@QuarkusTest
@TestProfile(PerKeyBulkheadTest.SmallBulkhead.class)
@WithTestResource(BusinessServerResource.class)
class PerKeyBulkheadTest {

    /** Two in flight and two waiting per url; half of each per key. */
    public static class SmallBulkhead implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imhook.dispatch.bulkhead.limit", "2", "imhook.dispatch.bulkhead.queue-size", "2",
                    "imhook.dispatch.bulkhead.per-key-share", "0.5");
        }
    }

    private final BusinessServer server = BusinessServer.instance();

    @AfterEach
    void release() {
        server.release();
    }

    @Test
    void aFloodOfOneKeyLeavesRoomForTheOthers() {
        // beforeAddFriend (1 s timeout) flooded with calls the business server never answers
        List<String> flood = IntStream.range(0, 6).mapToObj(i -> BusinessServer.operationId("flood")).toList();
        flood.forEach(server::neverAnswer);
        ExecutorService callers = Executors.newFixedThreadPool(flood.size());
        try {
            List<CompletableFuture<String>> calls = flood.stream().map(operationID -> CompletableFuture.supplyAsync(
                    () -> given().header("operationID", operationID).body("{\"fromUserID\":\"u1\",\"toUserID\":\"u2\"}")
                            .post("/dispatch/beforeAddFriend").then().statusCode(200).extract().path("reason")
                            .toString(), callers)).toList();
            // while the flood holds its share, another key is still asked and decided by the business server
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> flood.stream().anyMatch(operationID -> !server.requestsFor(operationID).isEmpty()));
            String other = BusinessServer.operationId("not-flooded");
            given().header("operationID", other).body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                    .post("/dispatch/beforeAddBlack").then().statusCode(200).body("outcome", equalTo("allowed"));
            List<String> reasons = calls.stream().map(CompletableFuture::join).toList();
            // one in flight and one waiting for the flooded key: the other four are refused at once
            assertThat(reasons).filteredOn("overloaded"::equals).hasSize(4);
        } finally {
            callers.shutdownNow();
        }
    }
}

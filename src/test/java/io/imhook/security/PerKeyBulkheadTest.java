package io.imhook.security;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.TightLimits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** One flooded key takes at most its share of the url's bulkhead; the other keys are still asked. */
@QuarkusTest
@TestProfile(TightLimits.class)
@WithTestResource(BusinessServerResource.class)
class PerKeyBulkheadTest {

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
            // the flooded key's share is in flight or waiting: the others are refused at once
            assertThat(reasons).filteredOn("overloaded"::equals)
                    .hasSize(flood.size() - TightLimits.KEY_SHARE_LIMIT - TightLimits.KEY_SHARE_QUEUE);
        } finally {
            callers.shutdownNow();
        }
    }
}

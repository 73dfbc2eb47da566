package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.TightLimits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The bulkheads' byte budget: before-callbacks held (in flight or waiting) take at most
 * {@code max-held-bytes} of body together; one that would pass it is decided at once as overloaded, by its key's
 * failedContinue, even when its key and url have free slots.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
@WithTestResource(BusinessServerResource.class)
class HeldBytesBulkheadTest {

    /** A body of a key with a free slot that takes more than half the budget. */
    private static final String LARGE = bodyOf(TightLimits.BULKHEAD_HELD_BYTES * 3 / 4);

    @Test
    void aBodyPastTheHeldBytesIsDecidedAtOnceAsOverloaded() {
        BusinessServer server = BusinessServer.instance();
        String held = BusinessServer.operationId("held-bytes");
        String refused = BusinessServer.operationId("held-bytes");
        String small = BusinessServer.operationId("held-bytes");
        String afterwards = BusinessServer.operationId("held-bytes");
        server.neverAnswer(held);
        server.neverAnswer(small);
        try {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> dispatch(held, LARGE));
            server.awaitRequest(held);

            // one call in flight of the key's two and the url's three: only the bytes refuse it
            given().header("operationID", refused).body(LARGE).post("/dispatch/beforeUpdateUserInfoEx")
                    .then().statusCode(200)
                    .body("outcome", equalTo("failed"))
                    .body("reason", equalTo("overloaded"))
                    .body("proceed", equalTo(true));
            assertThat(server.requestsFor(refused)).isEmpty();

            // a body that still fits is let through to the business server
            CompletableFuture<String> fits = CompletableFuture.supplyAsync(() -> dispatch(small, bodyOf(0)));
            server.awaitRequest(small);

            // once the held calls end, their bytes are free again
            server.release();
            assertThat(first.join()).isNotEqualTo("overloaded");
            assertThat(fits.join()).isNotEqualTo("overloaded");
            given().header("operationID", afterwards).body(LARGE).post("/dispatch/beforeUpdateUserInfoEx")
                    .then().statusCode(200).body("outcome", equalTo("allowed"));
            assertThat(server.requestsFor(afterwards)).hasSize(1);
        } finally {
            server.release();
        }
    }

    /** The decision's reason. */
    private static String dispatch(String operationID, String body) {
        return given().header("operationID", operationID).body(body).post("/dispatch/beforeUpdateUserInfoEx")
                .then().statusCode(200).extract().path("reason");
    }

    private static String bodyOf(int padding) {
        return "{\"userID\":\"u1\",\"ex\":\"" + "x".repeat(padding) + "\"}";
    }
}

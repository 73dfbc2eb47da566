package io.imhook.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * Ends a test that dispatched after-callbacks: the business server lets go of what it holds and forgets its
 * scripts, and the after-queue delivers what is left, so that no event of this test is still in flight when the
 * next test (of this class or of another class on the same app) starts.
 */
public final class Settle {

    /** Long enough for a pending delivery to time out and be retried on the test schedule. */
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    private Settle() {
    }

    /** Releases {@code server} and waits until {@code GET /admin/after-queue} reports nothing pending. */
    public static void afterQueue(BusinessServer server) {
        server.release();
        await("the after-queue has nothing pending").atMost(AT_MOST).pollInterval(Duration.ofMillis(20))
                .until(() -> given().get("/admin/after-queue").then().statusCode(200).extract().jsonPath()
                        .getLong("pending") == 0);
    }
}

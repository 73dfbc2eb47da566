package io.imhook.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Readiness goes DOWN while the after-queue is overloaded, and UP again once it drains; liveness stays UP. */
@QuarkusTest
@TestProfile(OverloadedAfterQueueTest.SmallQueue.class)
@WithTestResource(BusinessServerResource.class)
class OverloadedAfterQueueTest {

    /**
     * Four places, one delivery at a time, DOWN from two pending; a delivery gives up after 1 s and is not
     * retried (a setting of the after-queue's retries, ignored where the queue does not retry).
     */
    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "imhook.dispatch.after-queue.capacity", "4",
                    "imhook.dispatch.after-queue.workers", "1",
                    "imhook.dispatch.after-queue.retry.max-retries", "0",
                    "imhook.health.after-queue-overloaded", "0.5",
                    "webhooks.afterUserOnline.timeout", "1");
        }
    }

    private final BusinessServer server = BusinessServer.instance();

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
    }

    @Test
    void readinessFollowsTheQueue() {
        String operationID = BusinessServer.operationId("overload");
        server.neverAnswer(operationID);
        given().get("/q/health/ready").then().statusCode(200);

        // the only worker takes the first event and waits on the business server; two more wait behind it
        for (int i = 1; i <= 3; i++) {
            given().header("operationID", operationID).body("{\"userID\":\"u" + i + "\"}")
                    .post("/dispatch/afterUserOnline").then().statusCode(202);
        }

        given().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'after-queue' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'after-queue' }.data.pending", greaterThanOrEqualTo(2))
                .body("checks.find { it.name == 'after-queue' }.data.overloadedAt", equalTo(2))
                .body("checks.find { it.name == 'webhooks.yml' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

        // each delivery times out after 1 s; once enough have left, the queue is below the mark
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'after-queue' }.status", equalTo("UP")));
    }
}

package io.imhook.health;

import static io.imhook.testing.JsonApi.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.imhook.testing.TightLimits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Readiness goes DOWN while the after-queue is overloaded, and UP again once it drains; liveness stays UP. */
@QuarkusTest
@TestProfile(TightLimits.class)
@WithTestResource(BusinessServerResource.class)
class OverloadedAfterQueueTest {

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

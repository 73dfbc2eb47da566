package io.imhook.dispatch.after;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A full after-queue refuses with 503 and Retry-After, counted: never a silent drop, never a stall. */
@QuarkusTest
@TestProfile(AfterQueueFullTest.TinyQueue.class)
@WithTestResource(BusinessServerResource.class)
class AfterQueueFullTest {

    public static class TinyQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imhook.dispatch.after-queue.capacity", "2",
                    "imhook.dispatch.after-queue.workers", "1",
                    "imhook.dispatch.after-queue.retry.max-retries", "0");
        }
    }

    @Test
    void fullQueueAnswers503WithRetryAfter() {
        BusinessServer server = BusinessServer.instance();
        String operationID = BusinessServer.operationId("full");
        server.neverAnswer(operationID);
        String body = "{\"groupID\":\"g1\",\"userID\":\"u1\"}";
        // the one worker takes the first event and waits on the server; two more fill the queue
        given().header("operationID", operationID).body(body).post("/dispatch/afterQuitGroup").then().statusCode(202);
        server.awaitRequest(operationID);
        given().header("operationID", operationID).body(body).post("/dispatch/afterQuitGroup").then().statusCode(202);
        given().header("operationID", operationID).body(body).post("/dispatch/afterQuitGroup").then().statusCode(202);

        given().header("operationID", operationID).body(body).post("/dispatch/afterQuitGroup")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/json")
                .body("error", equalTo("queueFull"))
                .body("message", containsString("afterQuitGroup"));
        given().get("/admin/after-queue").then().statusCode(200)
                .body("refused", equalTo(1))
                .body("accepted", equalTo(3))
                .body("pending", equalTo(3));
        Settle.afterQueue(server);
        given().get("/admin/after-queue").then().body("balances", equalTo(true)).body("accepted", equalTo(3));
    }
}

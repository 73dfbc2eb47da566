package io.imhook.dispatch.after;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.imhook.testing.TightLimits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** A full after-queue refuses with 503 and Retry-After, counted: never a silent drop, never a stall. */
@QuarkusTest
@TestProfile(TightLimits.class)
@WithTestResource(BusinessServerResource.class)
class AfterQueueFullTest {

    @Test
    void fullQueueAnswers503WithRetryAfter() {
        BusinessServer server = BusinessServer.instance();
        String operationID = BusinessServer.operationId("full");
        server.neverAnswer(operationID);
        String body = "{\"groupID\":\"g1\",\"userID\":\"u1\"}";
        JsonPath before = ledger();
        // the one worker takes the first event and waits on the server; the next ones fill the queue
        given().header("operationID", operationID).body(body).post("/dispatch/afterQuitGroup").then().statusCode(202);
        server.awaitRequest(operationID);
        for (int i = 0; i < TightLimits.AFTER_QUEUE_CAPACITY; i++) {
            given().header("operationID", operationID).body(body).post("/dispatch/afterQuitGroup")
                    .then().statusCode(202);
        }

        given().header("operationID", operationID).body(body).post("/dispatch/afterQuitGroup")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/json")
                .body("error", equalTo("queueFull"))
                .body("message", containsString("afterQuitGroup"));
        JsonPath full = ledger();
        int accepted = TightLimits.AFTER_QUEUE_CAPACITY + 1;
        assertThat(full.getLong("refused") - before.getLong("refused")).isEqualTo(1);
        assertThat(full.getLong("accepted") - before.getLong("accepted")).isEqualTo(accepted);
        assertThat(full.getLong("pending")).isEqualTo(accepted);
        Settle.afterQueue(server);
        JsonPath settled = ledger();
        assertThat(settled.getBoolean("balances")).isTrue();
        assertThat(settled.getLong("accepted") - before.getLong("accepted")).isEqualTo(accepted);
    }

    private static JsonPath ledger() {
        return given().get("/admin/after-queue").then().statusCode(200).extract().jsonPath();
    }
}

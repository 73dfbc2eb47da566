package io.imhook.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.imhook.testing.TightLimits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A full after-queue refuses OpenIM's after-callback with a JSON 503, as it refuses a dispatch. */
@QuarkusTest
@TestProfile(TightLimits.class)
@WithTestResource(BusinessServerResource.class)
class GatewayQueueFullTest {

    private final BusinessServer server = BusinessServer.instance();
    private final OpenImClient openIm = new OpenImClient("/openim");

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
    }

    @Test
    void aFullQueueAnswers503WithJson() {
        String opId = BusinessServer.operationId("gw-full");
        server.neverAnswer(opId);
        String body = "{\"groupID\":\"g1\",\"userID\":\"u1\"}";
        // the one worker holds the first event at the server; the next ones fill the queue
        openIm.post("callbackAfterQuitGroupCommand", opId, body).then().statusCode(200);
        server.awaitRequest(opId);
        for (int i = 0; i < TightLimits.AFTER_QUEUE_CAPACITY; i++) {
            openIm.post("callbackAfterQuitGroupCommand", opId, body).then().statusCode(200);
        }

        openIm.post("callbackAfterQuitGroupCommand", opId, body).then().statusCode(503)
                .contentType("application/json")
                .header("Retry-After", "1")
                .body("error", equalTo("queueFull"));
        assertThat(server.requestsFor(opId)).hasSize(1);
    }
}

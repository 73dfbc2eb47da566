package io.imhook.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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

/** A full after-queue refuses OpenIM's after-callback with a JSON 503, as it refuses a dispatch. */
@QuarkusTest
@TestProfile(GatewayQueueFullTest.OneSlot.class)
@WithTestResource(BusinessServerResource.class)
class GatewayQueueFullTest {

    public static class OneSlot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imhook.dispatch.after-queue.capacity", "1",
                    "imhook.dispatch.after-queue.workers", "1",
                    "imhook.dispatch.after-queue.retry.max-retries", "0");
        }
    }

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
        // the one worker holds the first event at the server; the second fills the one slot
        openIm.post("callbackAfterQuitGroupCommand", opId, body).then().statusCode(200);
        server.awaitRequest(opId);
        openIm.post("callbackAfterQuitGroupCommand", opId, body).then().statusCode(200);

        openIm.post("callbackAfterQuitGroupCommand", opId, body).then().statusCode(503)
                .contentType("application/json")
                .header("Retry-After", "1")
                .body("error", equalTo("queueFull"));
        assertThat(server.requestsFor(opId)).hasSize(1);
    }
}

package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.ExpectedCallback;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every one of the 53 keys goes out on the wire as OpenIM sends it: path, query, header and body field names. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class AllCallbacksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROUTE_KEY_CALLBACKS =
            List.of("afterSendSingleMsg", "afterSendGroupMsg", "afterMsgSaveDB");

    private final BusinessServer server = BusinessServer.instance();

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
    }

    @ParameterizedTest
    @MethodSource("io.imhook.testing.ExpectedCallback#all")
    void reachesTheBusinessServerInOpenImsWireFormat(ExpectedCallback expected) throws Exception {
        boolean group = expected.key().contains("Group");
        String body = """
                {"sendID":"u1","recvID":"u-watched","groupID":"g-watched","contentType":101,"sessionType":%d,
                 "title":"New message","iOSBadgeCount":true}
                """.formatted(group ? 3 : 1);
        String operationID = BusinessServer.operationId(expected.key());

        given().header("operationID", operationID).body(body)
                .post("/dispatch/" + expected.key())
                .then().statusCode(expected.before() ? 200 : 202)
                .header("operationID", operationID)
                .body("key", equalTo(expected.key()))
                .body("operationID", equalTo(operationID))
                .body("outcome", equalTo(expected.before() ? "allowed" : "queued"));

        BusinessServer.Received received = server.awaitRequest(operationID);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo(BusinessServer.BASE_PATH + "/" + expected.command());
        assertThat(received.header("operationID")).isEqualTo(operationID);
        assertThat(received.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode sent = JSON.readTree(received.body());
        expected.assertArrivedAs(sent, JSON.readTree(body));
        assertThat(sent.get("callbackCommand").asText()).isEqualTo(expected.command());
        if (ROUTE_KEY_CALLBACKS.contains(expected.key())) {
            String routeKey = received.query().replaceFirst("^contenttype=json&key=", "");
            String decoded = new String(Base64.getDecoder().decode(
                    java.net.URLDecoder.decode(routeKey, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            String recvID = expected.key().equals("afterSendGroupMsg") ? "" : "u-watched";
            String groupID = expected.key().equals("afterSendSingleMsg") ? "" : "g-watched";
            assertThat(decoded).isEqualTo(
                    "{\"sendID\":\"u1\",\"recvID\":\"" + recvID + "\",\"groupID\":\"" + groupID + "\"}");
        } else {
            assertThat(received.query()).isEqualTo("contenttype=json");
        }
    }
}

package io.imhook.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.imhook.testing.ExpectedCallback;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every one of the 53 commands, posted as OpenIM posts it, is accepted, answered with an allow OpenIM proceeds on,
 * and forwarded to the business server in OpenIM's wire format; the three message after-callbacks carry OpenIM's
 * own {@code key}, byte for byte.
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class GatewayAllCommandsTest {

    private static final List<String> ROUTE_KEY_CALLBACKS =
            List.of("afterSendSingleMsg", "afterSendGroupMsg", "afterMsgSaveDB");

    private final BusinessServer server = BusinessServer.instance();
    private final OpenImClient openIm = new OpenImClient("/openim");

    @AfterEach
    void release() {
        Settle.afterQueue(server);
    }

    @ParameterizedTest
    @MethodSource("io.imhook.testing.ExpectedCallback#all")
    void isAcceptedAndForwarded(ExpectedCallback expected) throws Exception {
        boolean group = expected.key().contains("Group");
        String body = """
                {"sendID":"u1","recvID":"u-watched","groupID":"g-watched","contentType":101,"sessionType":%d,
                 "title":"New message","iOSBadgeCount":true}""".formatted(group ? 3 : 1);
        String opId = BusinessServer.operationId("gw-all-" + expected.key());
        // ids that differ from the body's, so that only a value passed on unchanged can arrive
        String rawKey = ROUTE_KEY_CALLBACKS.contains(expected.key())
                ? OpenImClient.routeKey("openim-" + expected.key(), "r", "g")
                : null;

        Response answered = openIm.post(expected.command(), opId, body, rawKey);

        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.contentType()).startsWith("application/json");
        assertThat(OpenImDecoder.decode(expected.key(), GatewayTesting.json(body), answered.asString()).proceeds())
                .isTrue();
        BusinessServer.Received received = server.awaitRequest(opId);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo(BusinessServer.BASE_PATH + "/" + expected.command());
        assertThat(received.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode sent = GatewayTesting.JSON.readTree(received.body());
        expected.assertArrivedAs(sent, GatewayTesting.JSON.readTree(body));
        assertThat(sent.get("callbackCommand").asText()).isEqualTo(expected.command());
        assertThat(received.query()).isEqualTo("contenttype=json" + (rawKey == null ? "" : "&key=" + rawKey));
    }
}

package io.imhook.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.PayloadCodec;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The gateway's path token against paths that only a raw socket sends as written: dot segments (encoded or not),
 * doubled and trailing slashes, an encoded slash or letter, matrix parameters, a token in the wrong case, too
 * long or empty. Each one is refused with the block OpenIM reads, and the business server sees nothing; the same
 * tricks against {@code /dispatch} and the receiver are refused too.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(BusinessServerResource.class)
class GatewayPathTest {

    static final String COMMAND = "callbackBeforeAddBlackCommand";
    static final String TOKEN = SecuredProfile.GATEWAY_TOKEN;
    private static final String BLACK = "{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}";

    private final BusinessServer server = BusinessServer.instance();

    @AfterEach
    void release() {
        server.release();
    }

    @Test
    void theRightTokenDispatches() throws Exception {
        String operationID = BusinessServer.operationId("gw-path-ok");
        String raw = RawHttp.post("/openim/" + TOKEN + "/" + COMMAND, "operationID: " + operationID, BLACK);

        assertThat(raw).as(raw).startsWith("HTTP/1.1 200");
        assertThat(PayloadCodec.mapper().readTree(RawHttp.body(raw)).path("nextCode").asInt()).isZero();
        assertThat(server.requestsFor(operationID)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/openim/" + COMMAND,
            "/x/%2e%2e/openim/" + COMMAND,
            "/x/%2E%2E/openim/" + COMMAND,
            "/x/../openim/" + COMMAND,
            "/openim/./" + COMMAND,
            "/openim/%2e/" + COMMAND,
            "/openim/" + TOKEN + "/../" + COMMAND,
            "/openim/" + TOKEN + "/%2e%2e/" + COMMAND,
            "/openim/wrong-token/%2e%2e/" + COMMAND,
            "/%6fpenim/" + COMMAND,
            "/%6fpenim/" + TOKEN + "/" + COMMAND,
            "/openim/" + TOKEN + "/%63allbackBeforeAddBlackCommand",
            "/openim//" + COMMAND,
            "/openim//" + TOKEN + "/" + COMMAND,
            "/openim/" + TOKEN + "//" + COMMAND,
            "/openim/" + TOKEN + "/" + COMMAND + "/",
            "/openim/" + COMMAND + "/",
            "/openim/" + TOKEN + "%2f" + COMMAND,
            "/openim/" + TOKEN + "%2F" + COMMAND,
            "/openim/IMHOOK-TEST-GATEWAY-TOKEN-4B7E9A/" + COMMAND,
            "/openim/" + TOKEN + "x/" + COMMAND,
            "/openim/" + TOKEN + TOKEN + TOKEN + TOKEN + "/" + COMMAND,
            "/openim/imhook-test-gateway-token-4b7e9/" + COMMAND,
            "/openim/" + TOKEN,
            "/openim/" + TOKEN + "/" })
    void aPathThatIsNotTheGatewayUrlIsABlockAndCallsNobody(String path) throws Exception {
        String operationID = BusinessServer.operationId("gw-path");
        String raw = RawHttp.post(path, "operationID: " + operationID, BLACK);

        assertThat(raw).as(raw).startsWith("HTTP/1.1 404");
        assertBlock(raw);
        assertThat(server.requestsFor(operationID)).isEmpty();
    }

    /**
     * Not under the gateway's path (the router's matching is case-sensitive), or with a matrix parameter, which the
     * API guard never leaves open: the API token is asked for before the gateway sees them.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/OpenIM/" + TOKEN + "/" + COMMAND, "/OPENIM/" + COMMAND, "/openim",
            "/openim;x=1/" + COMMAND, "/openim;x=1/" + TOKEN + "/" + COMMAND, "/openim/" + TOKEN + ";x=1/" + COMMAND,
            "/openim/" + TOKEN + "/" + COMMAND + ";x=1" })
    void anotherCaseOrAMatrixParameterIsNotTheGatewayAndNeedsTheApiToken(String path) throws Exception {
        String operationID = BusinessServer.operationId("gw-path-case");
        String raw = RawHttp.post(path, "operationID: " + operationID, BLACK);

        assertThat(raw).as(raw).startsWith("HTTP/1.1 401");
        assertThat(server.requestsFor(operationID)).isEmpty();
    }

    /** The API guard decides on the normalized path: the same tricks do not reach /dispatch or the views. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/x/%2e%2e/dispatch/beforeAddBlack", "/x/../dispatch/beforeAddBlack",
            "/openim/%2e%2e/dispatch/beforeAddBlack", "/openim/" + TOKEN + "/../../dispatch/beforeAddBlack",
            "/callbackExample/%2e%2e/dispatch/beforeAddBlack", "/%64ispatch/beforeAddBlack",
            "/dispatch;x=1/beforeAddBlack", "/dispatch//beforeAddBlack", "/callbackExample/%2e%2e/admin/after-queue",
            "/callbackExample/x/%2e%2e/stats", "/callbackExample/stats;x=1", "/callbackExample/%73tats" })
    void theSameTricksAgainstTheApiAre401(String path) throws Exception {
        String operationID = BusinessServer.operationId("api-path");
        String raw = RawHttp.post(path, "operationID: " + operationID, BLACK);

        assertThat(raw).as(raw).startsWith("HTTP/1.1 401");
        assertThat(errorOf(raw)).isEqualTo("unauthorized");
        assertThat(server.requestsFor(operationID)).isEmpty();
    }

    /** A receiver callback reached by a dot segment is still checked by its signature. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/x/%2e%2e/callbackExample/callbackBeforeAddFriendCommand",
            "/openim/%2e%2e/callbackExample/callbackBeforeAddFriendCommand",
            "/%63allbackExample/callbackBeforeAddFriendCommand" })
    void theSameTricksAgainstTheReceiverNeedItsSignature(String path) throws Exception {
        String raw = RawHttp.post(path, "operationID: " + BusinessServer.operationId("rcv-path"), "{}");

        assertThat(raw).as(raw).startsWith("HTTP/1.1 401");
        assertThat(errorOf(raw)).isEqualTo("badSignature");
    }

    /** What OpenIM's Go code reads from the body (it ignores the status): a block with an errCode of 100 or more. */
    static void assertBlock(String raw) throws Exception {
        JsonNode body = PayloadCodec.mapper().readTree(RawHttp.body(raw));
        assertThat(body.path("actionCode").asInt(-1)).as(raw).isZero();
        assertThat(body.path("nextCode").asInt()).as(raw).isEqualTo(1);
        assertThat(body.path("errCode").asInt()).as(raw).isGreaterThanOrEqualTo(100);
        assertThat(body.path("error").asText()).as(raw).isEqualTo("notFound");
        assertThat(body.path("message").asText()).as(raw).isNotBlank();
        for (String secret : List.of(TOKEN, COMMAND, "%2e", "wrong-token")) {
            assertThat(RawHttp.body(raw)).as("the answer never echoes the path").doesNotContain(secret);
        }
    }

    private static String errorOf(String raw) throws Exception {
        return PayloadCodec.mapper().readTree(RawHttp.body(raw)).path("error").asText();
    }
}

package io.imhook.gateway;

import static io.imhook.testing.Prometheus.change;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.imhook.gateway.OpenImDecoder.WhatOpenImDoes;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Prometheus.Change;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** What the gateway accepts from OpenIM and what it turns away. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class GatewayIngressTest {

    private static final String BLACK = "{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}";

    private final BusinessServer server = BusinessServer.instance();
    private final OpenImClient openIm = new OpenImClient("/openim");

    @AfterEach
    void release() {
        server.release();
    }

    @Test
    void anEmptyOperationIdGetsAGeneratedOneThatTheBusinessServerAndTheAnswerShare() {
        Response answered = openIm.post("callbackBeforeAddBlackCommand", "", BLACK);

        String generated = answered.header("operationID");
        assertThat(generated).isNotBlank();
        assertThat(server.awaitRequest(generated).header("operationID")).isEqualTo(generated);
        assertThat(answered.jsonPath().getInt("nextCode")).isZero();
    }

    @Test
    void anUnknownCommandAnswers404WithJson() {
        openIm.post("callbackBeforeTeleportCommand", BusinessServer.operationId("gw-unknown"), BLACK)
                .then().statusCode(404).contentType("application/json")
                .body("error", equalTo("unknownCommand"))
                .body("valid", hasItem("callbackBeforeAddBlackCommand"));
    }

    @Test
    void anythingElseUnderTheBasePathAnswers404WithJson() {
        new OpenImClient("/openim/extra").post("callbackBeforeAddBlackCommand", "op", BLACK)
                .then().statusCode(404).contentType("application/json").body("error", equalTo("notFound"));
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void badInputAnswers400NamingTheProblemWithTheReplyOfTheKeysFailedContinue(boolean failedContinue) {
        String key = failedContinue ? "beforeAddFriend" : "beforeAddBlack";
        String command = failedContinue ? "callbackBeforeAddFriendCommand" : "callbackBeforeAddBlackCommand";
        String opId = BusinessServer.operationId("gw-bad-input");
        for (String body : new String[] { "{\"fromUserID\":1,\"ownerUserID\":1}", "{\"fromUserID\":" }) {
            Response answered = openIm.post(command, opId, body);

            answered.then().statusCode(400).contentType("application/json").body("error", equalTo("badRequest"));
            assertThat(answered.jsonPath().getString("message")).isNotBlank();
            WhatOpenImDoes openImDoes = OpenImDecoder.decode(key, GatewayTesting.json("{}"), answered.asString());
            assertThat(openImDoes.proceeds()).isEqualTo(failedContinue);
            assertThat(openImDoes.errCode()).isEqualTo(failedContinue ? 0 : 1001);
        }
        assertThat(server.requestsFor(opId)).isEmpty();
    }

    @Test
    void metricsTellTheGatewayFromTheDispatcher() {
        Map<String, String> gateway = Map.of("key", "beforeAddBlack", "outcome", "allowed", "ingress", "gateway");
        Map<String, String> dispatch = Map.of("key", "beforeAddBlack", "outcome", "allowed", "ingress", "dispatch");

        Change viaGateway = change(() -> openIm.post("callbackBeforeAddBlackCommand",
                BusinessServer.operationId("gw-metrics"), BLACK).then().statusCode(200));
        Change viaDispatch = change(() -> given().header("operationID", BusinessServer.operationId("gw-metrics"))
                .body(BLACK).post("/dispatch/beforeAddBlack").then().statusCode(200));

        assertThat(viaGateway.of("imhook_callbacks_total", gateway)).isEqualTo(1);
        assertThat(viaGateway.of("imhook_callbacks_total", dispatch)).isZero();
        assertThat(viaGateway.of("imhook_callback_roundtrip_seconds_count", gateway)).isEqualTo(1);
        assertThat(viaDispatch.of("imhook_callbacks_total", dispatch)).isEqualTo(1);
        assertThat(viaDispatch.of("imhook_callbacks_total", gateway)).isZero();
    }
}

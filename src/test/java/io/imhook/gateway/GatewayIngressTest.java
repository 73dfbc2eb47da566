package io.imhook.gateway;

import static io.imhook.testing.Prometheus.change;
import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.imhook.gateway.OpenImClient.UrlForm;
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
    void anUnknownCommandAnswers404WithABlockThatOpenImReads() {
        String opId = BusinessServer.operationId("gw-unknown");
        openIm.post("callbackBeforeTeleportCommand", opId, BLACK)
                .then().statusCode(404).contentType("application/json")
                .body("error", equalTo("unknownCommand"))
                .body("actionCode", equalTo(0)).body("nextCode", equalTo(1)).body("errCode", equalTo(1002))
                .body("valid", hasItem("callbackBeforeAddBlackCommand"));
        assertThat(server.requestsFor(opId)).isEmpty();
    }

    /** Every OpenIM 3.x (and v2) url form is decided alike: the business server gets the command as a segment. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(UrlForm.class)
    void everyOpenImUrlFormIsDecided(UrlForm form) {
        String denied = BusinessServer.operationId("gw-form-deny");
        server.answer(denied, "{\"actionCode\":0,\"nextCode\":1,\"errCode\":5001,\"errMsg\":\"no\"}");
        WhatOpenImDoes openImDoes = OpenImDecoder.decode("beforeAddBlack", GatewayTesting.json(BLACK),
                openIm.post(form, "callbackBeforeAddBlackCommand", denied, BLACK).then().statusCode(200)
                        .extract().asString());

        assertThat(openImDoes.proceeds()).isFalse();
        assertThat(openImDoes.errCode()).isEqualTo(5001);
        assertThat(server.awaitRequest(denied).path())
                .isEqualTo(BusinessServer.BASE_PATH + "/callbackBeforeAddBlackCommand");

        String after = BusinessServer.operationId("gw-form-after");
        openIm.post(form, "callbackAfterRemoveBlackCommand", after, BLACK).then().statusCode(200)
                .body("nextCode", equalTo(0));
        assertThat(server.awaitRequest(after).path())
                .isEqualTo(BusinessServer.BASE_PATH + "/callbackAfterRemoveBlackCommand");
    }

    /** A query that names no single callbackCommand, or another one than the path, is blocked and reaches nobody. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "?command=", "?command", "?command=callbackBeforeAddBlackCommand&command=x",
            "?command=callbackBeforeAddBlackCommand&callbackCommand=callbackBeforeAddBlackCommand",
            "/callbackBeforeAddBlackCommand?command=callbackBeforeAddFriendCommand", "?command=a%2fb",
            "?command=callback.BeforeAddBlackCommand" })
    void aQueryWithoutOneCommandIsBlocked(String rest) {
        String opId = BusinessServer.operationId("gw-form-bad");
        Change refused = change(() -> {
            Response answered = openIm.send("/openim" + rest, opId, BLACK);
            answered.then().statusCode(404).body("error", equalTo("notFound"));
            assertThat(OpenImDecoder.decode("beforeAddBlack", GatewayTesting.json(BLACK), answered.asString())
                    .proceeds()).isFalse();
        });

        assertThat(refused.of("imhook_gateway_refused_total", Map.of("reason", "shape"))).isEqualTo(1);
        assertThat(server.requestsFor(opId)).isEmpty();
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

package io.imhook.gateway;

import static io.imhook.gateway.GatewayTesting.json;
import static io.imhook.gateway.GatewayTesting.openImReads;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.imhook.gateway.OpenImDecoder.WhatOpenImDoes;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every row of the DECISIONS.md decision table, for {@code failedContinue: true} (beforeAddFriend) and
 * {@code false} (beforeAddBlack), through the gateway: what OpenIM's Go code does with the answer
 * ({@link OpenImDecoder}) is what DECISIONS.md decides, and what {@code /dispatch} decides for the same answer.
 * The rows without an HTTP call, and a transport error, are in {@link GatewayOwnSettingsTest}.
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class GatewayDecisionTableTest {

    private static final String FRIEND = "{\"fromUserID\":\"u1\",\"toUserID\":\"u2\",\"reqMsg\":\"hi <3 & more\",\"ex\":\"\"}";
    private static final String BLACK = "{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}";

    private final BusinessServer server = BusinessServer.instance();
    private final OpenImClient openIm = new OpenImClient("/openim");

    @AfterEach
    void release() {
        server.release();
    }

    /** What DECISIONS.md decides for one row. */
    record Expected(String outcome, int errCode) {

        static Expected allowed() {
            return new Expected("allowed", 0);
        }

        static Expected denied(int errCode) {
            return new Expected("denied", errCode);
        }

        /** A failed exchange: proceeds unmodified with failedContinue, else blocks with {@code errCode}. */
        static Expected failed(int errCode) {
            return new Expected("failed", errCode);
        }

        boolean proceeds(boolean failedContinue) {
            return outcome.equals("allowed") || outcome.equals("failed") && failedContinue;
        }
    }

    static Stream<Arguments> rows() {
        List<Arguments> rows = List.of(
                Arguments.of("plain allow", Answer.allow(), Expected.allowed()),
                Arguments.of("nextCode 1 denies with the receiver's codes", new Answer(200,
                        "{\"actionCode\":0,\"errCode\":20001,\"errMsg\":\"not allowed\",\"errDlt\":\"blocked\",\"nextCode\":1}"),
                        Expected.denied(20001)),
                Arguments.of("keys in any case", Answer.body("{\"ActionCode\":0,\"NEXTCODE\":1,\"ERRCODE\":20002,\"errmsg\":\"no\"}"),
                        Expected.denied(20002)),
                Arguments.of("the literal null allows", Answer.body("null"), Expected.allowed()),
                Arguments.of("actionCode != 0 with its codes (#3049)", Answer.body(
                        "{\"actionCode\":1,\"errCode\":5001,\"errMsg\":\"cannot\",\"errDlt\":\"busy\",\"nextCode\":1}"),
                        Expected.failed(5001)),
                Arguments.of("actionCode != 0 without errCode", Answer.body("{\"actionCode\":2,\"errCode\":0,\"nextCode\":0}"),
                        Expected.failed(90004)),
                Arguments.of("HTTP 500 with an allow body", Answer.status(500), Expected.failed(90004)),
                Arguments.of("a redirect is not followed", Answer.status(307), Expected.failed(90004)),
                Arguments.of("not JSON", Answer.body("<html>oops</html>"), Expected.failed(90007)),
                Arguments.of("empty body", Answer.body(""), Expected.failed(90007)),
                Arguments.of("nextCode as a string", Answer.body("{\"actionCode\":0,\"nextCode\":\"0\"}"),
                        Expected.failed(90007)),
                Arguments.of("a fraction for an integer", Answer.body("{\"actionCode\":0,\"errCode\":1.5}"),
                        Expected.failed(90007)),
                Arguments.of("a top-level array", Answer.body("[]"), Expected.failed(90007)),
                Arguments.of("no reply within the 1 s timeout", Answer.never(), Expected.failed(90004)));
        return Stream.of(true, false).flatMap(failedContinue -> rows.stream()
                .map(row -> Arguments.of(row.get()[0], failedContinue, row.get()[1], row.get()[2])));
    }

    @ParameterizedTest(name = "{0}, failedContinue={1}")
    @MethodSource("rows")
    void openImDoesWhatDecisionsMdDecides(String row, boolean failedContinue, Answer answer, Expected expected) {
        String key = failedContinue ? "beforeAddFriend" : "beforeAddBlack";
        String command = failedContinue ? "callbackBeforeAddFriendCommand" : "callbackBeforeAddBlackCommand";
        String request = failedContinue ? FRIEND : BLACK;
        String opId = BusinessServer.operationId("gw-decision");
        server.script(opId, answer);

        Response answered = openIm.post(command, opId, request);

        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.header("operationID")).isEqualTo(opId);
        WhatOpenImDoes openImDoes = openImReads(key, request, answered);
        assertThat(openImDoes.proceeds()).as("OpenIM lets the action proceed").isEqualTo(expected.proceeds(failedContinue));
        if (openImDoes.proceeds()) {
            assertThat(openImDoes.action()).as("unmodified").isEqualTo(json(request));
        } else {
            assertThat(openImDoes.errCode()).isEqualTo(expected.errCode());
        }
        assertThat(server.awaitRequest(opId).command()).isEqualTo(command);
        if (answer.status() == 0) {
            return;
        }
        // the same answer through /dispatch: one code path, one decision
        String dispatchId = BusinessServer.operationId("gw-decision-dispatch");
        server.script(dispatchId, answer);
        var decision = given().header("operationID", dispatchId).body(request).post("/dispatch/" + key)
                .then().statusCode(200).extract().jsonPath();
        assertThat(decision.getString("outcome")).isEqualTo(expected.outcome());
        assertThat(decision.getBoolean("proceed")).isEqualTo(openImDoes.proceeds());
        assertThat(decision.getInt("errCode")).isEqualTo(openImDoes.errCode());
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void aFilteredEventIsSkippedWithoutAnHttpCallAndOpenImProceeds(boolean failedContinue) {
        // webhooks-test.yml: beforeSendSingleMsg (true) denies contentType 102; beforeMsgModify (false) is a
        // message callback, and notifications (1000..5000) are never sent
        String key = failedContinue ? "beforeSendSingleMsg" : "beforeMsgModify";
        String request = "{\"sendID\":\"u1\",\"recvID\":\"u2\",\"sessionType\":1,\"contentType\":"
                + (failedContinue ? 102 : 1501) + ",\"content\":\"{}\"}";
        String opId = BusinessServer.operationId("gw-filtered");

        Response answered = openIm.post(failedContinue ? "callbackBeforeSendSingleMsgCommand"
                : "callbackBeforeMsgModifyCommand", opId, request);

        assertThat(openImReads(key, request, answered).proceeds()).isTrue();
        assertThat(server.requestsFor(opId)).isEmpty();
    }

    /** Applied fields: beforeMsgModify (failedContinue false) and beforeSetFriendRemark (true). */
    static Stream<Arguments> modifications() {
        String message = "{\"sendID\":\"u1\",\"sessionType\":1,\"contentType\":101,"
                + "\"content\":\"{\\\"content\\\":\\\"buy xxx\\\"}\",\"faceURL\":\"a.png\",\"ex\":\"\"}";
        String remark = "{\"ownerUserID\":\"u1\",\"friendUserID\":\"u2\",\"remark\":\"Bob\"}";
        String masked = "{\\\"content\\\":\\\"buy ***\\\"}";
        return Stream.of(
                Arguments.of("a rewrite is applied", "beforeMsgModify", message,
                        "{\"actionCode\":0,\"nextCode\":0,\"content\":\"" + masked + "\",\"senderFaceURL\":\"b.png\"}",
                        "{\"content\":\"" + masked + "\",\"faceURL\":\"b.png\"}", 0),
                Arguments.of("a content that is not a JSON object blocks with 1001", "beforeMsgModify", message,
                        "{\"actionCode\":0,\"nextCode\":0,\"content\":\"buy ***\"}", null, 1001),
                Arguments.of("actionCode != 0 applies nothing, and blocks without failedContinue", "beforeMsgModify",
                        message, "{\"actionCode\":1,\"nextCode\":0,\"content\":\"" + masked + "\"}", null, 90004),
                Arguments.of("offlinePushInfo, which OpenIM may panic on, is a data error", "beforeMsgModify",
                        message, "{\"actionCode\":0,\"offlinePushInfo\":{\"title\":\"t\"}}", null, 90007),
                Arguments.of("a remark is applied", "beforeSetFriendRemark", remark,
                        "{\"actionCode\":0,\"remark\":\"Robert\"}", "{\"remark\":\"Robert\"}", 0),
                Arguments.of("an empty remark keeps the original", "beforeSetFriendRemark", remark,
                        "{\"actionCode\":0,\"remark\":\"\"}", "{}", 0),
                Arguments.of("actionCode != 0 applies nothing, and proceeds with failedContinue",
                        "beforeSetFriendRemark", remark, "{\"actionCode\":1,\"remark\":\"Robert\"}", "{}", 0),
                Arguments.of("a value for a field the client did not set is a data error, not a panic",
                        "beforeUpdateUserInfoEx", "{\"userID\":\"u1\",\"nickName\":\"alice\",\"faceURL\":null,\"ex\":null}",
                        "{\"actionCode\":0,\"faceURL\":\"x.png\"}", "{}", 0));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("modifications")
    void openImAppliesExactlyWhatImhookApplied(String row, String key, String request, String reply,
            String changes, int blockedWith) {
        String opId = BusinessServer.operationId("gw-modify");
        server.answer(opId, reply);
        String command = io.imhook.callback.CallbackCatalogue.byKey(key).orElseThrow().command();

        WhatOpenImDoes openImDoes = openImReads(key, request, openIm.post(command, opId, request));

        if (changes == null) {
            assertThat(openImDoes.proceeds()).isFalse();
            assertThat(openImDoes.errCode()).isEqualTo(blockedWith);
            return;
        }
        assertThat(openImDoes.proceeds()).isTrue();
        assertThat(openImDoes.action()).isEqualTo(json(request).setAll(json(changes)));
    }
}

package io.imhook.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.BadPayloadException;
import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.dispatch.Decision;
import io.imhook.dispatch.Outcome;
import io.imhook.dispatch.Reason;
import io.imhook.gateway.OpenImDecoder.WhatOpenImDoes;

/** The OpenIM reply encoder on its own: each kind of decision, and what OpenIM's Go code makes of the reply. */
class GatewayReplyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP_INFO = """
            {"callbackCommand":"callbackBeforeSetGroupInfoCommand","operationID":"","groupID":"g1",
             "groupName":"Team","notification":"","introduction":"Our team","faceURL":"f.png","ex":"x",
             "needVerification":0,"lookMemberInfo":0,"applyMemberFriend":0}""";
    private static final String GROUP_INFO_EX = """
            {"callbackCommand":"callbackBeforeSetGroupInfoExCommand","operationID":"","groupID":"g1",
             "groupName":"New","notification":null,"introduction":null,"faceURL":"f.png","ex":null,
             "needVerification":1,"lookMemberInfo":null,"applyMemberFriend":null}""";

    private static CallbackType type(String key) {
        return CallbackCatalogue.byKey(key).orElseThrow();
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Decision decision(String key, Outcome outcome, boolean proceed, int errCode, String modified) {
        return new Decision(key, "op-1", outcome, proceed, errCode, errCode == 0 ? "" : "msg",
                errCode == 0 ? "" : "dlt", outcome == Outcome.FAILED ? Reason.CONNECT : null, null, json(modified), 1);
    }

    private static WhatOpenImDoes openIm(String key, ObjectNode request, ObjectNode reply) {
        return OpenImDecoder.decode(key, request, reply.toString());
    }

    @Test
    void anAllowCarriesOnlyTheAppliedFieldsUnderTheNamesOpenImReads() {
        ObjectNode request = json("""
                {"sendID":"u1","content":"{\\"content\\":\\"xxx\\"}","faceURL":"a.png","atUserList":null,"ex":""}""");
        ObjectNode reply = OpenImReply.of(type("beforeMsgModify"), decision("beforeMsgModify", Outcome.ALLOWED, true,
                0, "{\"content\":\"{\\\"content\\\":\\\"***\\\"}\",\"faceURL\":\"b.png\",\"atUserList\":[\"u2\"]}"),
                request);

        assertThat(reply).isEqualTo(json("""
                {"actionCode":0,"errCode":0,"errMsg":"","errDlt":"","nextCode":0,
                 "content":"{\\"content\\":\\"***\\"}","senderFaceURL":"b.png","atUserIDList":["u2"]}"""));
        WhatOpenImDoes openIm = openIm("beforeMsgModify", request, reply);
        assertThat(openIm.proceeds()).isTrue();
        assertThat(openIm.action().get("faceURL").asText()).isEqualTo("b.png");
        assertThat(openIm.action().get("ex").asText()).isEmpty();
    }

    @Test
    void pushInfoGoesBackAsTheWholeObjectOpenImReplacesWithTheFieldsImhookKept() {
        ObjectNode request = json("""
                {"userIDList":["u2"],"title":"Old","desc":"hello","ex":"","iOSPushSound":"+1",
                 "iOSBadgeCount":true,"signalInfo":""}""");
        ObjectNode reply = OpenImReply.of(type("beforeOfflinePush"), decision("beforeOfflinePush", Outcome.ALLOWED,
                true, 0, "{\"title\":\"New\",\"userIDList\":[\"u2\",\"u3\"]}"), request);

        assertThat(reply.get("userIDList")).isEqualTo(json("{\"a\":[\"u2\",\"u3\"]}").get("a"));
        assertThat(reply.get("offlinePushInfo")).isEqualTo(json("""
                {"title":"New","desc":"hello","ex":"","iOSPushSound":"+1","iOSBadgeCount":true,"signalInfo":""}"""));
        ObjectNode expected = request.deepCopy().put("title", "New");
        expected.set("userIDList", reply.get("userIDList"));
        assertThat(openIm("beforeOfflinePush", request, reply).action()).isEqualTo(expected);
    }

    @Test
    void memberChangesGoBackAsMemberCallbackList() {
        ObjectNode reply = OpenImReply.of(type("beforeMemberJoinGroup"), decision("beforeMemberJoinGroup",
                Outcome.ALLOWED, true, 0, "{\"memberList\":[{\"userID\":\"u3\",\"nickname\":\"Carol\"}]}"),
                json("{\"groupID\":\"g1\",\"memberList\":[{\"userID\":\"u3\",\"ex\":\"\"}]}"));
        assertThat(reply.get("memberCallbackList").get(0).get("nickname").asText()).isEqualTo("Carol");
        assertThat(reply.has("memberList")).isFalse();
    }

    @Test
    void setGroupInfoEchoesTheFourFieldsOpenImAlwaysCopies() {
        ObjectNode request = json(GROUP_INFO);
        ObjectNode reply = OpenImReply.of(type("beforeSetGroupInfo"), decision("beforeSetGroupInfo",
                Outcome.ALLOWED, true, 0, "{\"groupName\":\"[Team] Team\"}"), request);

        assertThat(reply).isEqualTo(json("""
                {"actionCode":0,"errCode":0,"errMsg":"","errDlt":"","nextCode":0,"groupName":"[Team] Team",
                 "groupID":"g1","faceURL":"f.png","introduction":"Our team"}"""));
        assertThat(openIm("beforeSetGroupInfo", request, reply).action())
                .isEqualTo(request.deepCopy().put("groupName", "[Team] Team"));
    }

    @Test
    void setGroupInfoExEchoesEveryFieldNullIncluded() {
        ObjectNode request = json(GROUP_INFO_EX);
        ObjectNode reply = OpenImReply.of(type("beforeSetGroupInfoEx"), decision("beforeSetGroupInfoEx",
                Outcome.ALLOWED, true, 0, "{\"introduction\":\"Hi\"}"), request);

        assertThat(reply.get("introduction").asText()).isEqualTo("Hi");
        assertThat(reply.get("groupName").asText()).isEqualTo("New");
        assertThat(reply.get("needVerification").asInt()).isEqualTo(1);
        assertThat(reply.get("ex").isNull()).isTrue();
        assertThat(reply.has("notification")).isFalse();
        assertThat(openIm("beforeSetGroupInfoEx", request, reply).action())
                .isEqualTo(request.deepCopy().put("introduction", "Hi"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "SKIPPED", "FAILED" })
    void aProceedingSkipOrFailureIsThePlainAllowWithTheEchoes(String outcome) {
        ObjectNode request = json(GROUP_INFO);
        ObjectNode reply = OpenImReply.of(type("beforeSetGroupInfo"),
                decision("beforeSetGroupInfo", Outcome.valueOf(outcome), true, 0, "{}"), request);

        assertThat(reply.get("nextCode").asInt()).isZero();
        assertThat(openIm("beforeSetGroupInfo", request, reply)).satisfies(openIm -> {
            assertThat(openIm.proceeds()).isTrue();
            assertThat(openIm.action()).isEqualTo(request);
        });
    }

    @Test
    void aDenialIsNextCodeOneWithTheCodesAndNothingElse() {
        ObjectNode reply = OpenImReply.of(type("beforeSetGroupInfo"),
                decision("beforeSetGroupInfo", Outcome.DENIED, false, 20001, "{}"), json(GROUP_INFO));
        assertThat(reply).isEqualTo(json("""
                {"actionCode":0,"errCode":20001,"errMsg":"msg","errDlt":"dlt","nextCode":1}"""));
    }

    @Test
    void aBlockingFailureIsNextCodeOneWithTheDecisionsCode() {
        ObjectNode reply = OpenImReply.of(type("beforeAddBlack"),
                decision("beforeAddBlack", Outcome.FAILED, false, 90004, "{}"), json("{}"));
        WhatOpenImDoes openIm = openIm("beforeAddBlack", json("{}"), reply);
        assertThat(openIm.proceeds()).isFalse();
        assertThat(openIm.errCode()).isEqualTo(90004);
    }

    @Test
    void aQueuedAfterCallbackIsThePlainAllow() {
        ObjectNode reply = OpenImReply.of(type("afterSendSingleMsg"),
                decision("afterSendSingleMsg", Outcome.QUEUED, true, 0, "{}"), json("{}"));
        assertThat(reply).isEqualTo(json("{\"actionCode\":0,\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\",\"nextCode\":0}"));
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void badInputCarriesTheReplyOfTheKeysFailedContinue(boolean failedContinue) {
        BadInputReply reply = OpenImReply.badInput(type("beforeAddFriend"), failedContinue,
                new BadPayloadException("reqMsg", "wrong type for field 'reqMsg'"));
        JsonNode body = JSON.valueToTree(reply);
        assertThat(body.get("error").asText()).isEqualTo("badRequest");
        assertThat(body.get("field").asText()).isEqualTo("reqMsg");
        WhatOpenImDoes openIm = OpenImDecoder.decode("beforeAddFriend", json("{}"), body.toString());
        assertThat(openIm.proceeds()).isEqualTo(failedContinue);
        assertThat(openIm.errCode()).isEqualTo(failedContinue ? 0 : 1001);
    }

    @Test
    void badInputNeverBlocksAnAfterCallback() {
        BadInputReply reply = OpenImReply.badInput(type("afterSendSingleMsg"), false,
                new BadPayloadException(null, "malformed JSON"));
        assertThat(reply.nextCode()).isZero();
        assertThat(JSON.valueToTree(reply).has("field")).isFalse();
    }

    @Test
    void theRouteKeyIsTakenAsItCameStillEncoded() {
        assertThat(GatewayResource.rawQueryValue("key=eyJ%2B%3D", "key")).isEqualTo("eyJ%2B%3D");
        assertThat(GatewayResource.rawQueryValue("a=1&key=x%3D&b=2", "key")).isEqualTo("x%3D");
        assertThat(GatewayResource.rawQueryValue("keys=1", "key")).isNull();
        assertThat(GatewayResource.rawQueryValue(null, "key")).isNull();
    }
}

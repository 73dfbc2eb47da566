package io.imhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.callback.PayloadCodec;

/**
 * The reply-dependent rows of the DECISIONS.md decision table and the merge rules of spec 3, decided without HTTP.
 * Where {@code failedContinue} matters, each row runs for beforeAddFriend ({@code true}) and beforeAddBlack
 * ({@code false}), turning a failed exchange into a verdict the way the guards' fallback does.
 */
class ReplyInterpreterTest {

    private static final String ALLOW = "{\"actionCode\":0,\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\",\"nextCode\":0}";
    private static final String COMMON = "\"actionCode\":0,\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\",\"nextCode\":0";
    private static final String TEXT_MESSAGE =
            "{\"sendID\":\"u1\",\"contentType\":101,\"sessionType\":1,\"content\":\"{\\\"content\\\":\\\"buy cheap xxx\\\"}\"}";

    private static CallbackType type(String key) {
        return CallbackCatalogue.byKey(key).orElseThrow();
    }

    private static String key(boolean failedContinue) {
        return failedContinue ? "beforeAddFriend" : "beforeAddBlack";
    }

    private static String requestOf(boolean failedContinue) {
        return failedContinue
                ? "{\"fromUserID\":\"u1\",\"toUserID\":\"u2\",\"reqMsg\":\"hi\",\"ex\":\"\"}"
                : "{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}";
    }

    /** The request as the dispatcher holds it: decoded into the callback's wire fields. */
    private static ObjectNode request(CallbackType type, String body) {
        return PayloadCodec.readRequest(type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Verdict interpret(String key, String request, int status, String reply) {
        CallbackType type = type(key);
        return ReplyInterpreter.interpret(type, request(type, request), status, reply.getBytes(StandardCharsets.UTF_8));
    }

    private static ExchangeFailure failure(String key, String request, int status, String reply) {
        Throwable thrown = catchThrowable(() -> interpret(key, request, status, reply));
        assertThat(thrown).isInstanceOf(ExchangeFailure.class);
        return (ExchangeFailure) thrown;
    }

    /** The whole row: the interpreter's verdict, or the failedContinue decision on its failure. */
    private static Verdict decide(boolean failedContinue, int status, String reply) {
        try {
            return interpret(key(failedContinue), requestOf(failedContinue), status, reply);
        } catch (ExchangeFailure failure) {
            return Verdict.failed(failure, failedContinue);
        }
    }

    private static JsonNode json(String text) {
        try {
            return PayloadCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A failed exchange: proceeds unmodified with failedContinue, else blocks with the given error. */
    private static void assertFailed(Verdict verdict, boolean failedContinue, Reason reason, int blockingErrCode) {
        assertThat(verdict.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(verdict.reason()).isEqualTo(reason);
        assertThat(verdict.proceed()).isEqualTo(failedContinue);
        assertThat(verdict.modified()).isEmpty();
        assertThat(verdict.errCode()).isEqualTo(failedContinue ? 0 : blockingErrCode);
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void plainAllowProceeds(boolean failedContinue) {
        Verdict verdict = decide(failedContinue, 200, ALLOW);
        assertThat(verdict.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(verdict.proceed()).isTrue();
        assertThat(verdict.errCode()).isZero();
        assertThat(verdict.reason()).isNull();
        assertThat(verdict.modified()).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = { 200, 201, 204, 299 })
    void everyTwoHundredStatusIsAnAnswer(int status) {
        assertThat(decide(false, status, ALLOW).outcome()).isEqualTo(Outcome.ALLOWED);
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void nextCodeOneDeniesWithTheReceiversCodesUnchanged(boolean failedContinue) {
        Verdict verdict = decide(failedContinue, 200,
                "{\"actionCode\":0,\"errCode\":20001,\"errMsg\":\"not allowed\",\"errDlt\":\"blocked user\",\"nextCode\":1}");
        assertThat(verdict.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(verdict.proceed()).isFalse();
        assertThat(verdict.errCode()).isEqualTo(20001);
        assertThat(verdict.errMsg()).isEqualTo("not allowed");
        assertThat(verdict.errDlt()).isEqualTo("blocked user");
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void replyKeysMatchCaseInsensitivelyAsInGo(boolean failedContinue) {
        Verdict verdict = decide(failedContinue, 200, "{\"ActionCode\":0,\"NEXTCODE\":1,\"ERRCODE\":20002,\"errmsg\":\"no\"}");
        assertThat(verdict.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(verdict.errCode()).isEqualTo(20002);
        assertThat(verdict.errMsg()).isEqualTo("no");
        assertThat(verdict.errDlt()).isEmpty();
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void nullReplyAllowsWithZeroFields(boolean failedContinue) {
        Verdict verdict = decide(failedContinue, 200, "null");
        assertThat(verdict.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(verdict.proceed()).isTrue();
        assertThat(verdict.errCode()).isZero();
        assertThat(verdict.modified()).isEmpty();
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void actionCodeNotZeroIsAFailedExchangeCarryingTheReceiversCodes(boolean failedContinue) {
        // OpenIM issue #3049's reply: OpenIM lets the message through; here failedContinue decides
        String reply = "{\"actionCode\":1,\"errCode\":5001,\"errMsg\":\"cannot handle\",\"errDlt\":\"busy\",\"nextCode\":1}";
        ExchangeFailure failure = failure(key(failedContinue), requestOf(failedContinue), 200, reply);
        assertThat(failure.reason()).isEqualTo(Reason.ACTION_CODE);
        assertThat(failure.errCode()).isEqualTo(5001);
        assertThat(failure.errMsg()).isEqualTo("cannot handle");
        assertThat(failure.errDlt()).isEqualTo("busy");

        Verdict verdict = decide(failedContinue, 200, reply);
        assertFailed(verdict, failedContinue, Reason.ACTION_CODE, 5001);
        if (!failedContinue) {
            assertThat(verdict.errMsg()).isEqualTo("cannot handle");
            assertThat(verdict.errDlt()).isEqualTo("busy");
        }
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void actionCodeNotZeroWithoutErrCodeBlocksWithNetworkError(boolean failedContinue) {
        Verdict verdict = decide(failedContinue, 200, "{\"actionCode\":2,\"errCode\":0,\"nextCode\":0}");
        assertFailed(verdict, failedContinue, Reason.ACTION_CODE, 90004);
        if (!failedContinue) {
            assertThat(verdict.errMsg()).isEqualTo("NetworkError");
        }
    }

    @Test
    void actionCodeNotZeroWithoutErrCodeKeepsTheReceiversMessage() {
        ExchangeFailure failure = failure("beforeAddBlack", requestOf(false), 200,
                "{\"actionCode\":2,\"errMsg\":\"maintenance\",\"errDlt\":\"back at 10:00\"}");
        assertThat(failure.errCode()).isEqualTo(90004);
        assertThat(failure.errMsg()).isEqualTo("maintenance");
        assertThat(failure.errDlt()).isEqualTo("back at 10:00");
    }

    @Test
    void actionCodeNotZeroFailsRatherThanApplyingTheReply() {
        ExchangeFailure failure = failure("beforeUpdateUserInfo", "{\"userID\":\"u1\",\"nickName\":\"alice\"}", 200,
                "{\"actionCode\":1,\"errCode\":5001,\"nickName\":\"Mallory\"}");
        assertThat(failure.reason()).isEqualTo(Reason.ACTION_CODE);
    }

    static Stream<Arguments> nonSuccessStatuses() {
        return Stream.of(500, 503, 404, 307, 301, 199, 300)
                .flatMap(status -> Stream.of(Arguments.of(status, true), Arguments.of(status, false)));
    }

    @ParameterizedTest(name = "HTTP {0}, failedContinue={1}")
    @MethodSource("nonSuccessStatuses")
    void nonSuccessStatusIsAFailedExchangeEvenWithAnAllowBody(int status, boolean failedContinue) {
        // 3xx included: redirects are not followed (DECISIONS #2)
        Verdict verdict = decide(failedContinue, status, ALLOW);
        assertFailed(verdict, failedContinue, Reason.HTTP_STATUS, 90004);
        assertThat(verdict.detail()).isEqualTo("business server answered HTTP " + status);
        if (!failedContinue) {
            assertThat(verdict.errMsg()).isEqualTo("NetworkError");
        }
    }

    static Stream<Arguments> undecodableReplies() {
        return Stream.of(
                "<html>oops</html>",
                "",
                // the public docs show "nextCode":"0" as a string; Go rejects it, and so do we
                "{\"actionCode\":0,\"nextCode\":\"0\"}",
                "{\"actionCode\":0,\"errCode\":1.5}",
                "[]",
                "{\"actionCode\":0}{\"actionCode\":0}")
                .flatMap(reply -> Stream.of(Arguments.of(reply, true), Arguments.of(reply, false)));
    }

    @ParameterizedTest(name = "[{0}], failedContinue={1}")
    @MethodSource("undecodableReplies")
    void replyThatDoesNotDecodeIsADataError(String reply, boolean failedContinue) {
        ExchangeFailure failure = failure(key(failedContinue), requestOf(failedContinue), 200, reply);
        assertThat(failure.reason()).isEqualTo(Reason.BAD_REPLY);
        assertThat(failure.errCode()).isEqualTo(90007);
        assertThat(failure.errMsg()).isEqualTo("DataError");
        assertThat(failure.getMessage()).endsWith("response format error");

        assertFailed(decide(failedContinue, 200, reply), failedContinue, Reason.BAD_REPLY, 90007);
    }

    @Test
    void wrongTypeNamesTheField() {
        ExchangeFailure failure = failure("beforeAddBlack", requestOf(false), 200, "{\"actionCode\":0,\"nextCode\":\"0\"}");
        assertThat(failure.getMessage()).contains("nextCode");
    }

    @Test
    void msgModifyContentThatIsNotAJsonObjectIsAnArgsError() {
        for (String content : new String[] { "buy cheap ***", "[1,2]" }) {
            String reply = "{" + COMMON + ",\"content\":" + PayloadCodec.mapper().valueToTree(content) + "}";
            ExchangeFailure failure = failure("beforeMsgModify", TEXT_MESSAGE, 200, reply);
            assertThat(failure.reason()).isEqualTo(Reason.BAD_REPLY);
            assertThat(failure.errCode()).isEqualTo(1001);
            assertThat(failure.errMsg()).isEqualTo("ArgsError");

            Verdict blocked = Verdict.failed(failure, false);
            assertThat(blocked.proceed()).isFalse();
            assertThat(blocked.errCode()).isEqualTo(1001);
            assertThat(blocked.modified()).isEmpty();
        }
    }

    @Test
    void msgModifyAppliesRenamedFieldsAndSkipsNulls() {
        Verdict verdict = interpret("beforeMsgModify", TEXT_MESSAGE, 200, "{" + COMMON + ","
                + """
                "content":"{\\"content\\":\\"buy cheap ***\\"}","senderFaceURL":"https://cdn/a.png",
                "atUserIDList":["u3"],"ex":null,"options":{"history":false},
                "offlinePushInfo":{"title":"t","desc":"d"},"msgDataList":"AAEC"
                """ + "}");
        assertThat(verdict.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(verdict.modified()).isEqualTo(json("""
                {"content":"{\\"content\\":\\"buy cheap ***\\"}","faceURL":"https://cdn/a.png","atUserList":["u3"],
                 "options":{"history":false},"offlinePushInfo":{"title":"t","desc":"d"}}
                """));
    }

    @Test
    void deniedReplyAppliesNothing() {
        Verdict verdict = interpret("beforeUpdateUserInfo", "{\"userID\":\"u1\",\"nickName\":\"alice\"}", 200,
                "{\"actionCode\":0,\"nextCode\":1,\"errCode\":5002,\"nickName\":\"Alice\"}");
        assertThat(verdict.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(verdict.modified()).isEmpty();
    }

    @Test
    void offlinePushReplacesTargetsAndFlattensThePushInfo() {
        String request = "{\"platformID\":1,\"userIDList\":[\"u2\"],\"title\":\"New message\",\"contentType\":101}";
        Verdict verdict = interpret("beforeOfflinePush", request, 200, "{" + COMMON + ","
                + """
                "userIDList":["u2","u3"],
                "offlinePushInfo":{"title":"Alice","desc":"hello","ex":null,"iOSPushSound":"default","iOSBadgeCount":true}
                """ + "}");
        assertThat(verdict.modified()).isEqualTo(json("""
                {"userIDList":["u2","u3"],"title":"Alice","desc":"hello","iOSPushSound":"default","iOSBadgeCount":true}
                """));
        assertThat(interpret("beforeOfflinePush", request, 200, "{" + COMMON + ",\"userIDList\":[]}").modified())
                .isEmpty();
    }

    @Test
    void groupOnlinePushAppliesOnlyTheTargetList() {
        assertThat(interpret("beforeGroupOnlinePush", "{\"groupID\":\"g1\"}", 200,
                "{" + COMMON + ",\"userIDList\":[\"u5\"],\"offlinePushInfo\":{\"title\":\"ignored\"}}").modified())
                .isEqualTo(json("{\"userIDList\":[\"u5\"]}"));
        Verdict online = interpret("beforeOnlinePush", "{\"sendID\":\"u1\"}", 200,
                "{" + COMMON + ",\"userIDList\":[\"u5\"]}");
        assertThat(online.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(online.modified()).isEmpty();
    }

    @Test
    void updateUserInfoExAppliesOnlyToFieldsTheClientSet() {
        String request = "{\"userID\":\"u1\",\"nickName\":\"alice\",\"faceURL\":null,\"ex\":null}";
        assertThat(interpret("beforeUpdateUserInfoEx", request, 200,
                "{" + COMMON + ",\"nickName\":\"Alice\",\"ex\":null}").modified())
                .isEqualTo(json("{\"nickName\":\"Alice\"}"));
        // OpenIM panics here; for us it is a reply that cannot be applied
        ExchangeFailure failure = failure("beforeUpdateUserInfoEx", request, 200,
                "{" + COMMON + ",\"faceURL\":\"https://cdn/new.png\"}");
        assertThat(failure.reason()).isEqualTo(Reason.BAD_REPLY);
        assertThat(failure.errCode()).isEqualTo(90007);
        assertThat(failure.getMessage()).contains("faceURL");
    }

    @Test
    void setGroupInfoAppliesOnlyTheFieldsTheReceiverSent() {
        String request = """
                {"groupID":"g1","groupName":"Old","notification":"n","introduction":"i","faceURL":"f","ex":"",
                 "needVerification":0,"lookMemberInfo":0,"applyMemberFriend":0}
                """;
        // OpenIM would blank groupID, faceURL and introduction here
        assertThat(interpret("beforeSetGroupInfo", request, 200, "{" + COMMON + ",\"groupName\":\"New\"}").modified())
                .isEqualTo(json("{\"groupName\":\"New\"}"));
        assertThat(interpret("beforeSetGroupInfo", request, 200,
                "{" + COMMON + ",\"notification\":\"never applied\",\"groupID\":\"g1\",\"needVerification\":1}")
                .modified())
                .isEqualTo(json("{\"groupID\":\"g1\",\"needVerification\":1}"));
        assertThat(interpret("beforeSetGroupInfoEx", request, 200, "{" + COMMON + ",\"lookMemberInfo\":1}").modified())
                .isEqualTo(json("{\"lookMemberInfo\":1}"));
    }

    @Test
    void memberJoinAppliesChangesToJoiningMembersOnly() {
        String request = "{\"groupID\":\"g1\",\"memberList\":[{\"userID\":\"u3\",\"ex\":\"\"},{\"userID\":\"u4\"}]}";
        assertThat(interpret("beforeMemberJoinGroup", request, 200, "{" + COMMON + ","
                + """
                "memberCallbackList":[
                  {"userID":"u3","nickname":"Carol (guest)","roleLevel":20,"muteEndTime":1719900000000,"faceURL":null},
                  {"userID":"u9","nickname":"not joining"}]
                """ + "}").modified())
                .isEqualTo(json("""
                        {"memberList":[{"userID":"u3","nickname":"Carol (guest)","roleLevel":20,
                                        "muteEndTime":1719900000000}]}
                        """));
        ExchangeFailure failure = failure("beforeMemberJoinGroup", request, 200,
                "{" + COMMON + ",\"memberCallbackList\":[{\"nickname\":\"who?\"}]}");
        assertThat(failure.reason()).isEqualTo(Reason.BAD_REPLY);
        assertThat(failure.getMessage()).contains("userID");
    }

    @Test
    void createGroupAppliesItsFieldsButNotApplyMemberFriend() {
        assertThat(interpret("beforeCreateGroup", "{\"groupName\":\"Project X\"}", 200, "{" + COMMON
                + ",\"groupName\":\"[Team] Project X\",\"needVerification\":1,\"applyMemberFriend\":1,\"ex\":null}")
                .modified())
                .isEqualTo(json("{\"groupName\":\"[Team] Project X\",\"needVerification\":1}"));
    }

    @Test
    void friendRemarkAndImportKeepTheOriginalOnEmptyValues() {
        String remarkRequest = "{\"ownerUserID\":\"u1\",\"friendUserID\":\"u2\",\"remark\":\"old\"}";
        assertThat(interpret("beforeSetFriendRemark", remarkRequest, 200, "{" + COMMON + ",\"remark\":\"\"}")
                .modified()).isEmpty();
        assertThat(interpret("beforeSetFriendRemark", remarkRequest, 200, "{" + COMMON + ",\"remark\":\"best friend\"}")
                .modified()).isEqualTo(json("{\"remark\":\"best friend\"}"));
        assertThat(interpret("beforeImportFriends", "{\"ownerUserID\":\"u1\",\"friendUserIDs\":[\"u2\",\"u3\"]}", 200,
                "{" + COMMON + ",\"friendUserIDs\":[\"u2\"]}").modified())
                .isEqualTo(json("{\"friendUserIDs\":[\"u2\"]}"));
    }

    @Test
    void conversationCallbacksApplyTheirSettings() {
        assertThat(interpret("beforeCreateSingleChatConversations",
                "{\"ownerUserId\":\"u1\",\"conversationId\":\"si_u1_u2\",\"userId\":\"u2\"}", 200,
                "{" + COMMON + ",\"isPinned\":true,\"recvMsgOpt\":null}").modified())
                .isEqualTo(json("{\"isPinned\":true}"));
    }
}

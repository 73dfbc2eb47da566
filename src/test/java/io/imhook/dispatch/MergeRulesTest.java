package io.imhook.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Which reply fields are applied back, callback by callback (spec 3, DECISIONS #5): only non-null values, under
 * the request's field names.
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class MergeRulesTest {

    private static final String COMMON = "\"actionCode\":0,\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\",\"nextCode\":0";
    private static final String TEXT_MESSAGE =
            "{\"sendID\":\"u1\",\"contentType\":101,\"sessionType\":1,\"content\":\"{\\\"content\\\":\\\"buy cheap xxx\\\"}\"}";

    private final BusinessServer server = BusinessServer.instance();

    @AfterEach
    void release() {
        server.release();
    }

    /** Dispatches {@code request} under a fresh operationID, answered with {@code replyFields} on an allow. */
    private ValidatableResponse dispatch(String key, String command, String request, String replyFields) {
        String operationID = BusinessServer.operationId("merge");
        server.answer(operationID, "{" + COMMON + (replyFields.isEmpty() ? "" : "," + replyFields) + "}");
        ValidatableResponse response = given().header("operationID", operationID).body(request)
                .post("/dispatch/" + key).then().statusCode(200);
        assertThat(server.requestsFor(operationID)).singleElement()
                .satisfies(received -> assertThat(received.command()).isEqualTo(command));
        return response;
    }

    @Test
    void msgModifyAppliesRenamedFieldsAndSkipsNulls() {
        dispatch("beforeMsgModify", "callbackBeforeMsgModifyCommand", TEXT_MESSAGE, """
                "content":"{\\"content\\":\\"buy cheap ***\\"}","senderFaceURL":"https://cdn/a.png",
                "atUserIDList":["u3"],"ex":null,"options":{"history":false},
                "offlinePushInfo":{"title":"t","desc":"d"},"msgDataList":"AAEC"
                """)
                .body("outcome", equalTo("allowed"))
                .body("modified", equalTo(Map.of(
                        "content", "{\"content\":\"buy cheap ***\"}",
                        "faceURL", "https://cdn/a.png",
                        "atUserList", List.of("u3"),
                        "options", Map.of("history", false),
                        "offlinePushInfo", Map.of("title", "t", "desc", "d"))));
    }

    @Test
    void msgModifyContentThatIsNotAJsonObjectIsAnArgsError() {
        dispatch("beforeMsgModify", "callbackBeforeMsgModifyCommand", TEXT_MESSAGE, "\"content\":\"buy cheap ***\"")
                .body("outcome", equalTo("failed"))
                .body("reason", equalTo("badReply"))
                .body("proceed", equalTo(false))
                .body("errCode", equalTo(1001))
                .body("errMsg", equalTo("ArgsError"))
                .body("modified", anEmptyMap());
        dispatch("beforeMsgModify", "callbackBeforeMsgModifyCommand", TEXT_MESSAGE, "\"content\":\"[1,2]\"")
                .body("errCode", equalTo(1001));
    }

    @Test
    void offlinePushReplacesTargetsAndFlattensThePushInfo() {
        String request = "{\"platformID\":1,\"userIDList\":[\"u2\"],\"title\":\"New message\",\"contentType\":101}";
        dispatch("beforeOfflinePush", "callbackBeforeOfflinePushCommand", request, """
                "userIDList":["u2","u3"],
                "offlinePushInfo":{"title":"Alice","desc":"hello","ex":null,"iOSPushSound":"default","iOSBadgeCount":true}
                """)
                .body("modified", equalTo(Map.of("userIDList", List.of("u2", "u3"), "title", "Alice", "desc", "hello",
                        "iOSPushSound", "default", "iOSBadgeCount", true)));
        dispatch("beforeOfflinePush", "callbackBeforeOfflinePushCommand", request, "\"userIDList\":[]")
                .body("modified", anEmptyMap());
    }

    @Test
    void groupOnlinePushAppliesOnlyTheTargetList() {
        dispatch("beforeGroupOnlinePush", "callbackBeforeGroupOnlinePushCommand", "{\"groupID\":\"g1\"}",
                "\"userIDList\":[\"u5\"],\"offlinePushInfo\":{\"title\":\"ignored\"}")
                .body("modified", equalTo(Map.of("userIDList", List.of("u5"))));
        dispatch("beforeOnlinePush", "callbackBeforeOnlinePushCommand", "{\"sendID\":\"u1\"}",
                "\"userIDList\":[\"u5\"]")
                .body("outcome", equalTo("allowed"))
                .body("modified", anEmptyMap());
    }

    @Test
    void updateUserInfoExAppliesOnlyToFieldsTheClientSet() {
        String request = "{\"userID\":\"u1\",\"nickName\":\"alice\",\"faceURL\":null,\"ex\":null}";
        dispatch("beforeUpdateUserInfoEx", "callbackBeforeUpdateUserInfoExCommand", request,
                "\"nickName\":\"Alice\",\"ex\":null")
                .body("modified", equalTo(Map.of("nickName", "Alice")));
        // OpenIM panics here; for us it is a reply that cannot be applied
        dispatch("beforeUpdateUserInfoEx", "callbackBeforeUpdateUserInfoExCommand", request,
                "\"faceURL\":\"https://cdn/new.png\"")
                .body("outcome", equalTo("failed"))
                .body("reason", equalTo("badReply"))
                .body("detail", containsString("faceURL"))
                .body("modified", anEmptyMap());
    }

    @Test
    void setGroupInfoAppliesOnlyTheFieldsTheReceiverSent() {
        String request = """
                {"groupID":"g1","groupName":"Old","notification":"n","introduction":"i","faceURL":"f","ex":"",
                 "needVerification":0,"lookMemberInfo":0,"applyMemberFriend":0}
                """;
        // OpenIM would blank groupID, faceURL and introduction here
        dispatch("beforeSetGroupInfo", "callbackBeforeSetGroupInfoCommand", request, "\"groupName\":\"New\"")
                .body("modified", equalTo(Map.of("groupName", "New")));
        dispatch("beforeSetGroupInfo", "callbackBeforeSetGroupInfoCommand", request,
                "\"notification\":\"never applied\",\"groupID\":\"g1\",\"needVerification\":1")
                .body("modified", equalTo(Map.of("groupID", "g1", "needVerification", 1)));
        dispatch("beforeSetGroupInfoEx", "callbackBeforeSetGroupInfoExCommand", request, "\"lookMemberInfo\":1")
                .body("modified", equalTo(Map.of("lookMemberInfo", 1)));
    }

    @Test
    void memberJoinAppliesChangesToJoiningMembersOnly() {
        String request = "{\"groupID\":\"g1\",\"memberList\":[{\"userID\":\"u3\",\"ex\":\"\"},{\"userID\":\"u4\"}]}";
        dispatch("beforeMemberJoinGroup", "callbackBeforeMembersJoinGroupCommand", request, """
                "memberCallbackList":[
                  {"userID":"u3","nickname":"Carol (guest)","roleLevel":20,"muteEndTime":1719900000000,"faceURL":null},
                  {"userID":"u9","nickname":"not joining"}]
                """)
                .body("modified", equalTo(Map.of("memberList", List.of(Map.of("userID", "u3",
                        "nickname", "Carol (guest)", "roleLevel", 20, "muteEndTime", 1719900000000L)))));
        dispatch("beforeMemberJoinGroup", "callbackBeforeMembersJoinGroupCommand", request,
                "\"memberCallbackList\":[{\"nickname\":\"who?\"}]")
                .body("outcome", equalTo("failed"))
                .body("reason", equalTo("badReply"))
                .body("detail", containsString("userID"));
    }

    @Test
    void createGroupAppliesItsFieldsButNotApplyMemberFriend() {
        dispatch("beforeCreateGroup", "callbackBeforeCreateGroupCommand", "{\"groupName\":\"Project X\"}",
                "\"groupName\":\"[Team] Project X\",\"needVerification\":1,\"applyMemberFriend\":1,\"ex\":null")
                .body("modified", equalTo(Map.of("groupName", "[Team] Project X", "needVerification", 1)));
    }

    @Test
    void friendRemarkAndImportKeepTheOriginalOnEmptyValues() {
        String remarkRequest = "{\"ownerUserID\":\"u1\",\"friendUserID\":\"u2\",\"remark\":\"old\"}";
        dispatch("beforeSetFriendRemark", "callbackBeforeSetFriendRemarkCommand", remarkRequest, "\"remark\":\"\"")
                .body("modified", anEmptyMap());
        dispatch("beforeSetFriendRemark", "callbackBeforeSetFriendRemarkCommand", remarkRequest,
                "\"remark\":\"best friend\"")
                .body("modified", equalTo(Map.of("remark", "best friend")));
        dispatch("beforeImportFriends", "callbackBeforeImportFriendsCommand",
                "{\"ownerUserID\":\"u1\",\"friendUserIDs\":[\"u2\",\"u3\"]}", "\"friendUserIDs\":[\"u2\"]")
                .body("modified", equalTo(Map.of("friendUserIDs", List.of("u2"))));
    }

    @Test
    void conversationCallbacksApplyTheirSettings() {
        dispatch("beforeCreateSingleChatConversations", "callbackBeforeCreateSingleChatConversationsCommand",
                "{\"ownerUserId\":\"u1\",\"conversationId\":\"si_u1_u2\",\"userId\":\"u2\"}",
                "\"isPinned\":true,\"recvMsgOpt\":null")
                .body("modified", equalTo(Map.of("isPinned", true)));
    }
}

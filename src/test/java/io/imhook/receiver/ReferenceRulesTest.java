package io.imhook.receiver;

import static io.imhook.receiver.ReceiverCalls.message;
import static io.imhook.receiver.ReceiverCalls.post;
import static io.imhook.receiver.ReceiverCalls.textMessage;
import static io.imhook.testing.JsonApi.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.PayloadCodec;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.OwnSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/** Each reference rule over real HTTP, with every receiver setting changed from its default. */
@QuarkusTest
@TestProfile(OwnSettings.class)
@WithTestResource(BusinessServerResource.class)
@WithTestResource(OwnSettings.OwnUrl.class)
class ReferenceRulesTest {

    static final String BASE = OwnSettings.RECEIVER_BASE;

    @ParameterizedTest
    @ValueSource(strings = { "callbackBeforeSendSingleMsgCommand", "callbackBeforeSendGroupMsgCommand" })
    void aTextMessageWithAListedWordIsDenied(String command) {
        post(command, textMessage("fresh MELONS today"))
                .body(equalTo("{\"actionCode\":0,\"errCode\":7001,\"errMsg\":\"message contains a forbidden word\","
                        + "\"errDlt\":\"forbidden word: MELON\",\"nextCode\":1}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "callbackBeforeSendSingleMsgCommand", "callbackBeforeSendGroupMsgCommand" })
    void aTextMessageWithoutListedWordsIsAllowed(String command) {
        post(command, textMessage("badword xxx are not listed here")).body(equalTo(BusinessServer.ALLOW));
    }

    @Test
    void onlyTextMessagesAreJudged() {
        String command = "callbackBeforeSendSingleMsgCommand";
        String picture = "{\"sourcePicture\":{\"url\":\"http://x/melon.png\"},\"content\":\"melon\"}";
        post(command, message(102, picture)).body(equalTo(BusinessServer.ALLOW));
        post(command, message(101, "melon, but not a JSON text element")).body(equalTo(BusinessServer.ALLOW));
    }

    @Test
    void msgModifyMasksListedWordsAndKeepsTheJsonObject() throws Exception {
        String command = "callbackBeforeMsgModifyCommand";
        String content = "{\"content\":\"Melon or durian? <melon>\",\"extra\":7}";

        JsonNode reply = readJson(post(command, message(101, content)));

        assertEquals(0, reply.get("actionCode").asInt());
        assertEquals(0, reply.get("errCode").asInt());
        assertEquals(0, reply.get("nextCode").asInt());
        assertEquals("", reply.get("errMsg").asText());
        JsonNode modified = readJson(reply.get("content").asText());
        assertEquals("*** or ***? <***>", modified.get("content").asText());
        assertEquals(7, modified.get("extra").asInt(), "the other fields of the text element are kept");
        ReceiverCalls.eventsOf(BASE, lastOperationID).body("[0].verdict", equalTo("modify"));
    }

    @Test
    void msgModifyAllowsCleanText() {
        String command = "callbackBeforeMsgModifyCommand";
        post(command, textMessage("apples only")).body(equalTo(BusinessServer.ALLOW));
    }

    @ParameterizedTest
    @ValueSource(strings = { "callbackBeforeUpdateUserInfoCommand", "callbackBeforeUpdateUserInfoExCommand" })
    void aNicknameWithAListedWordIsDenied(String command) {
        post(command, Map.of("userID", "u1", "nickName", "DurianKing"))
                .body("nextCode", equalTo(1))
                .body("errCode", equalTo(7002))
                .body("errMsg", equalTo("nickname contains a forbidden word"));
        post(command, Map.of("userID", "u1", "nickName", "Apple")).body(equalTo(BusinessServer.ALLOW));
    }

    @Test
    void aRegistrationWithAListedNicknameIsDenied() {
        String command = "callbackBeforeUserRegisterCommand";
        List<Map<String, Object>> users = List.of(Map.of("userID", "u1", "nickname", "Apple"),
                Map.of("userID", "u2", "nickname", "melonhead"));
        post(command, Map.of("users", users))
                .body("nextCode", equalTo(1))
                .body("errCode", equalTo(7002))
                .body("errDlt", equalTo("user u2, forbidden word: melon"));
        post(command, Map.of("users", users.subList(0, 1))).body(equalTo(BusinessServer.ALLOW));
    }

    @Test
    void friendRequestsFromBlockedUsersAreDenied() {
        String command = "callbackBeforeAddFriendCommand";
        post(command, Map.of("fromUserID", "mallory", "toUserID", "bob"))
                .body("nextCode", equalTo(1))
                .body("errCode", equalTo(20777))
                .body("errDlt", equalTo("blocked user: mallory"));
        post(command, Map.of("fromUserID", "spammer", "toUserID", "bob")).body(equalTo(BusinessServer.ALLOW));
        post(command, Map.of("fromUserID", "bob", "toUserID", "mallory")).body(equalTo(BusinessServer.ALLOW));
    }

    @Test
    void theDefaultBasePathIsNotServed() {
        ReceiverCalls.post(ReceiverCalls.BASE, "callbackBeforeAddFriendCommand", "op", "{}").statusCode(404);
    }

    @Test
    void theEventLogKeepsOnlyTheConfiguredNumber() {
        String command = "callbackAfterUserOfflineCommand";
        String run = BusinessServer.operationId("capacity");
        for (int i = 1; i <= 5; i++) {
            ReceiverCalls.post(BASE, command, run + "-" + i, "{}").statusCode(200);
        }
        // a limit above the capacity, so that only the bound of the log can cut the list to 3
        given().queryParam("limit", 10).get(BASE + "/events").then().statusCode(200)
                .body("operationID", equalTo(List.of(run + "-5", run + "-4", run + "-3")));
    }

    /** The operationID of this test's last call, to read back what the receiver recorded for it. */
    private String lastOperationID;

    private ValidatableResponse post(String command, Object body) {
        lastOperationID = BusinessServer.operationId("rules");
        return ReceiverCalls.post(BASE, command, lastOperationID, body).statusCode(200);
    }

    private static JsonNode readJson(ValidatableResponse response) throws Exception {
        return readJson(response.extract().asString());
    }

    private static JsonNode readJson(String text) throws Exception {
        return PayloadCodec.mapper().readTree(text);
    }
}

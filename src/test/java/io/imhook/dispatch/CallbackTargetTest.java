package io.imhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.callback.PayloadCodec;

/** The URL each callback is POSTed to (spec 2.1, DECISIONS "Wire format"), with known answers for the route key. */
class CallbackTargetTest {

    private static CallbackType type(String key) {
        return CallbackCatalogue.byKey(key).orElseThrow();
    }

    private static ObjectNode route(String sendID, String recvID, String groupID) {
        return PayloadCodec.mapper().createObjectNode().put("sendID", sendID).put("recvID", recvID)
                .put("groupID", groupID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "http://h:10006/callbackExample", "http://h:10006/callbackExample/",
            "http://h:10006/callbackExample//" })
    void commandIsAppendedOnceWithTheJsonQuery(String baseUrl) {
        assertThat(CallbackTarget.url(baseUrl, type("beforeAddFriend"), route("u1", "u2", "")))
                .isEqualTo("http://h:10006/callbackExample/callbackBeforeAddFriendCommand?contenttype=json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "afterRevokeMsg,callbackBeforeAfterMsgCommand",
            "afterDismissGroup,callbackAfterDisMissGroupCommand",
            "afterGroupMsgRevoke,callbackAfterGroupMsgRevokeCommand" })
    void commandsKeepOpenImsSpelling(String key, String command) {
        assertThat(CallbackTarget.url("http://h/cb", type(key), route("u1", "", "g1")))
                .isEqualTo("http://h/cb/" + command + "?contenttype=json");
    }

    @Test
    void queryOfTheBaseUrlIsKeptAfterThePath() {
        assertThat(CallbackTarget.url("http://h/cb/?token=abc", type("beforeAddFriend"), route("u1", "u2", "")))
                .isEqualTo("http://h/cb/callbackBeforeAddFriendCommand?token=abc&contenttype=json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "afterSendSingleMsg,callbackAfterSendSingleMsgCommand",
            "afterSendGroupMsg,callbackAfterSendGroupMsgCommand",
            "afterMsgSaveDB,callbackAfterMsgSaveDBCommand" })
    void messageAfterCallbacksCarryTheRouteKey(String key, String command) {
        // base64 of {"sendID":"u1","recvID":"u2","groupID":""}
        assertThat(CallbackTarget.url("http://h/cb", type(key), route("u1", "u2", "")))
                .isEqualTo("http://h/cb/" + command
                        + "?contenttype=json&key=eyJzZW5kSUQiOiJ1MSIsInJlY3ZJRCI6InUyIiwiZ3JvdXBJRCI6IiJ9");
    }

    @Test
    void routeKeyIsUrlEncoded() {
        // base64 of {"sendID":"u1?","recvID":"","groupID":"g>"} ends in "=="
        assertThat(CallbackTarget.url("http://h/cb?t=1", type("afterSendGroupMsg"), route("u1?", "", "g>")))
                .isEqualTo("http://h/cb/callbackAfterSendGroupMsgCommand?t=1&contenttype=json"
                        + "&key=eyJzZW5kSUQiOiJ1MT8iLCJyZWN2SUQiOiIiLCJncm91cElEIjoiZz4ifQ%3D%3D");
    }

    @Test
    void routeKeyHasTheThreeFieldsInOrderWithMissingAndNullOnesEmpty() {
        ObjectNode payload = PayloadCodec.mapper().createObjectNode().put("recvID", "u2").putNull("groupID")
                .put("contentType", 101);
        String decoded = new String(Base64.getDecoder().decode(CallbackTarget.routeKey(payload)),
                StandardCharsets.UTF_8);
        assertThat(decoded).isEqualTo("{\"sendID\":\"\",\"recvID\":\"u2\",\"groupID\":\"\"}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "beforeSendSingleMsg", "afterRevokeMsg", "afterSingleMsgRead", "afterGroupMsgRead" })
    void otherCallbacksCarryNoRouteKey(String key) {
        assertThat(CallbackTarget.url("http://h/cb", type(key), route("u1", "u2", "g1"))).doesNotContain("key=");
    }
}

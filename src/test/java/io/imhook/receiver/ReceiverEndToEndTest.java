package io.imhook.receiver;

import static io.imhook.receiver.ReceiverCalls.BASE;
import static io.imhook.receiver.ReceiverCalls.newestEvent;
import static io.imhook.receiver.ReceiverCalls.textMessage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The out-of-the-box loop over real HTTP: {@code POST /dispatch/{key}} → the shipped {@code webhooks.yml} → this
 * service's own receiver → the decision.
 */
@QuarkusTest
@TestProfile(ReceiverEndToEndTest.ShippedWebhooks.class)
class ReceiverEndToEndTest {

    /** The shipped webhooks.yml, its url moved to the port tests run on ({@code quarkus.http.test-port}). */
    public static class ShippedWebhooks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "imhook.webhooks-file", "classpath:webhooks.yml",
                    "webhooks.url", "http://127.0.0.1:${quarkus.http.test-port}/callbackExample");
        }
    }

    @Test
    void aCleanMessageIsAllowed() {
        dispatch("beforeSendSingleMsg", "op-e2e-allow", textMessage("hello bob"))
                .body("outcome", equalTo("allowed"))
                .body("proceed", equalTo(true))
                .body("errCode", equalTo(0))
                .body("modified", anEmptyMap());
        newestEvent(BASE, "callbackBeforeSendSingleMsgCommand")
                .body("[0].operationID", equalTo("op-e2e-allow"))
                .body("[0].verdict", equalTo("allow"));
    }

    @Test
    void aMessageWithAListedWordIsDenied() {
        dispatch("beforeSendGroupMsg", "op-e2e-deny", groupMessage("this is a BadWord"))
                .body("outcome", equalTo("denied"))
                .body("proceed", equalTo(false))
                .body("errCode", equalTo(5001))
                .body("errMsg", equalTo("message contains a forbidden word"))
                .body("errDlt", equalTo("forbidden word: BadWord"));
        newestEvent(BASE, "callbackBeforeSendGroupMsgCommand")
                .body("[0].operationID", equalTo("op-e2e-deny"))
                .body("[0].body.groupID", equalTo("g1"))
                .body("[0].verdict", equalTo("deny"));
    }

    @Test
    void msgModifyMasksListedWords() {
        dispatch("beforeMsgModify", "op-e2e-modify", textMessage("buy cheap xxx"))
                .body("outcome", equalTo("allowed"))
                .body("proceed", equalTo(true))
                .body("modified.content", equalTo("{\"content\":\"buy cheap ***\"}"));
        newestEvent(BASE, "callbackBeforeMsgModifyCommand")
                .body("[0].operationID", equalTo("op-e2e-modify"))
                .body("[0].verdict", equalTo("modify"));
    }

    @Test
    void callbacksTheShippedFileLeavesDisabledAreSkipped() {
        dispatch("beforeAddFriend", "op-e2e-skip", Map.of("fromUserID", "spammer", "toUserID", "bob"))
                .body("outcome", equalTo("skipped"))
                .body("proceed", equalTo(true));
    }

    private static Map<String, Object> groupMessage(String text) {
        Map<String, Object> body = textMessage(text);
        body.remove("recvID");
        body.put("groupID", "g1");
        body.put("sessionType", 3);
        return body;
    }

    private static ValidatableResponse dispatch(String key, String operationID, Object body) {
        return given().contentType(ContentType.JSON).header("operationID", operationID).body(body)
                .post("/dispatch/" + key)
                .then().statusCode(200).contentType(ContentType.JSON);
    }
}

package io.imhook.receiver;

import static io.imhook.receiver.ReceiverCalls.BASE;
import static io.imhook.receiver.ReceiverCalls.eventsOf;
import static io.imhook.receiver.ReceiverCalls.textMessage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.SelfTarget;
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

    /** The shipped webhooks.yml, its url moved to the free port this app listens on. */
    public static class ShippedWebhooks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "imhook.webhooks-file", "classpath:webhooks.yml",
                    "quarkus.http.test-port", String.valueOf(SelfTarget.PORT),
                    "webhooks.url", SelfTarget.receiverUrl());
        }
    }

    @Test
    void aCleanMessageIsAllowed() {
        String operationID = BusinessServer.operationId("e2e-allow");
        dispatch("beforeSendSingleMsg", operationID, textMessage("hello bob"))
                .body("outcome", equalTo("allowed"))
                .body("proceed", equalTo(true))
                .body("errCode", equalTo(0))
                .body("modified", anEmptyMap());
        eventsOf(BASE, operationID)
                .body("[0].operationID", equalTo(operationID))
                .body("[0].verdict", equalTo("allow"));
    }

    @Test
    void aMessageWithAListedWordIsDenied() {
        String operationID = BusinessServer.operationId("e2e-deny");
        dispatch("beforeSendGroupMsg", operationID, groupMessage("this is a BadWord"))
                .body("outcome", equalTo("denied"))
                .body("proceed", equalTo(false))
                .body("errCode", equalTo(5001))
                .body("errMsg", equalTo("message contains a forbidden word"))
                .body("errDlt", equalTo("forbidden word: BadWord"));
        eventsOf(BASE, operationID)
                .body("[0].operationID", equalTo(operationID))
                .body("[0].body.groupID", equalTo("g1"))
                .body("[0].verdict", equalTo("deny"));
    }

    @Test
    void msgModifyMasksListedWords() {
        String operationID = BusinessServer.operationId("e2e-modify");
        dispatch("beforeMsgModify", operationID, textMessage("buy cheap xxx"))
                .body("outcome", equalTo("allowed"))
                .body("proceed", equalTo(true))
                .body("modified.content", equalTo("{\"content\":\"buy cheap ***\"}"));
        eventsOf(BASE, operationID)
                .body("[0].operationID", equalTo(operationID))
                .body("[0].verdict", equalTo("modify"));
    }

    @Test
    void callbacksTheShippedFileLeavesDisabledAreSkipped() {
        String operationID = BusinessServer.operationId("e2e-skip");
        dispatch("beforeAddFriend", operationID, Map.of("fromUserID", "spammer", "toUserID", "bob"))
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

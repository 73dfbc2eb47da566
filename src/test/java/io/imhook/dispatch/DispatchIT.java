package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.imhook.openapi.ApiExamples;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.ShippedAppProfile;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The dispatcher of the packaged app (jar, or the native binary with {@code -Dnative}) end to end: the shipped
 * webhooks.yml, the built-in receiver as business server, real HTTP both ways.
 */
@QuarkusIntegrationTest
@TestProfile(ShippedAppProfile.class)
class DispatchIT {

    @Test
    void aCleanMessageIsAllowed() {
        String operationID = BusinessServer.operationId("it-allow");
        dispatch("beforeSendSingleMsg", operationID, ApiExamples.TEXT_MESSAGE)
                .statusCode(200)
                .header("operationID", operationID)
                .body("outcome", equalTo("allowed"))
                .body("proceed", equalTo(true))
                .body("modified", anEmptyMap());
        receiverEventsOf(operationID)
                .body("[0].operationID", equalTo(operationID))
                .body("[0].verdict", equalTo("allow"));
    }

    @Test
    void aMessageWithAListedWordIsDenied() {
        String operationID = BusinessServer.operationId("it-deny");
        dispatch("beforeSendSingleMsg", operationID, ApiExamples.LISTED_WORD_MESSAGE)
                .statusCode(200)
                .body("outcome", equalTo("denied"))
                .body("proceed", equalTo(false))
                .body("errCode", equalTo(5001))
                .body("errDlt", equalTo("forbidden word: badword"));
        receiverEventsOf(operationID).body("[0].verdict", equalTo("deny"));
    }

    @Test
    void aGroupMessageWithAListedWordIsDenied() {
        String operationID = BusinessServer.operationId("it-group-deny");
        dispatch("beforeSendGroupMsg", operationID, "{\"sendID\":\"alice\",\"groupID\":\"g1\",\"sessionType\":3,"
                + "\"contentType\":101,\"content\":\"{\\\"content\\\":\\\"this is a BadWord\\\"}\"}")
                .statusCode(200)
                .body("outcome", equalTo("denied"))
                .body("errCode", equalTo(5001))
                .body("errMsg", equalTo("message contains a forbidden word"))
                .body("errDlt", equalTo("forbidden word: BadWord"));
        receiverEventsOf(operationID).body("[0].body.groupID", equalTo("g1")).body("[0].verdict", equalTo("deny"));
    }

    @Test
    void msgModifyMasksListedWords() {
        String operationID = BusinessServer.operationId("it-modify");
        dispatch("beforeMsgModify", operationID,
                "{\"sendID\":\"alice\",\"contentType\":101,\"content\":\"{\\\"content\\\":\\\"buy cheap xxx\\\"}\"}")
                .statusCode(200)
                .body("outcome", equalTo("allowed"))
                .body("modified.content", equalTo("{\"content\":\"buy cheap ***\"}"));
    }

    @Test
    void anAfterCallbackIsQueuedAndReachesTheReceiver() {
        String operationID = BusinessServer.operationId("it-after");
        dispatch("afterUserOnline", operationID, ApiExamples.USER_ONLINE)
                .statusCode(202)
                .body("outcome", equalTo("queued"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .queryParam("command", "callbackAfterUserOnlineCommand")
                .get("/callbackExample/events")
                .then().statusCode(200)
                .body("findAll { it.operationID == '" + operationID + "' }", hasSize(1))
                .body("find { it.operationID == '" + operationID + "' }.body.userID", equalTo("alice"))
                .body("find { it.operationID == '" + operationID + "' }.verdict", equalTo("allow")));
    }

    @Test
    void aCallbackTheFileLeavesDisabledIsSkipped() {
        String operationID = BusinessServer.operationId("it-skip");
        dispatch("beforeAddFriend", operationID, "{\"fromUserID\":\"spammer\",\"toUserID\":\"bob\"}")
                .statusCode(200)
                .body("outcome", equalTo("skipped"))
                .body("reason", equalTo("disabled"));
    }

    @Test
    void anOperationIdIsGeneratedWhenAbsent() {
        given().contentType(ContentType.JSON).body(ApiExamples.TEXT_MESSAGE)
                .post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(200)
                .header("operationID", matchesPattern("[0-9a-f-]{36}"))
                .body("operationID", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void badInputIsNamed() {
        String operationID = BusinessServer.operationId("it-bad");
        dispatch("beforeTeleport", operationID, "{}").statusCode(404).body("error", equalTo("unknownCallback"));
        dispatch("beforeSendSingleMsg", operationID, "{\"contentType\":\"101\"}")
                .statusCode(400).body("field", equalTo("contentType"));
    }

    @Test
    void listsTheCallbacksOfTheShippedFile() {
        given().get("/dispatch").then().statusCode(200)
                .body("$", hasSize(53))
                .body("find { it.key == 'beforeMsgModify' }.enabled", equalTo(true))
                .body("find { it.key == 'afterUserOnline' }.enabled", equalTo(true));
    }

    /** What the shipped app's own receiver recorded for {@code operationID}. */
    private static ValidatableResponse receiverEventsOf(String operationID) {
        return given().queryParam("operationID", operationID).get("/callbackExample/events")
                .then().statusCode(200).contentType(ContentType.JSON);
    }

    private static ValidatableResponse dispatch(String key, String operationID, String body) {
        return given().contentType(ContentType.JSON).header("operationID", operationID).body(body)
                .post("/dispatch/" + key)
                .then();
    }
}

package io.imhook.receiver;

import static io.imhook.receiver.ReceiverCalls.BASE;
import static io.imhook.receiver.ReceiverCalls.eventsOf;
import static io.imhook.receiver.ReceiverCalls.post;
import static io.imhook.receiver.ReceiverCalls.textMessage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.ShippedAppProfile;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The reference receiver of the packaged app (jar, or the native binary), called the way OpenIM calls it. */
@QuarkusIntegrationTest
@TestProfile(ShippedAppProfile.class)
class ReceiverIT {

    @Test
    void allowsACleanMessage() {
        String operationID = BusinessServer.operationId("rit-allow");
        post(BASE, "callbackBeforeSendSingleMsgCommand", operationID, textMessage("hello"))
                .statusCode(200)
                .body("actionCode", equalTo(0))
                .body("nextCode", equalTo(0));
        eventsOf(BASE, operationID)
                .body("[0].operationID", equalTo(operationID))
                .body("[0].body.sendID", equalTo("alice"))
                .body("[0].verdict", equalTo("allow"));
    }

    @Test
    void deniesAListedNickname() {
        String operationID = BusinessServer.operationId("rit-deny");
        post(BASE, "callbackBeforeUserRegisterCommand", operationID,
                Map.of("users", List.of(Map.of("userID", "u1", "nickname", "xxx fan"))))
                .statusCode(200)
                .body("nextCode", equalTo(1))
                .body("errCode", equalTo(5002));
        eventsOf(BASE, operationID)
                .body("[0].body.users[0].nickname", equalTo("xxx fan"))
                .body("[0].verdict", equalTo("deny"));
    }

    @Test
    void masksListedWordsInAModify() {
        String operationID = BusinessServer.operationId("rit-modify");
        post(BASE, "callbackBeforeMsgModifyCommand", operationID, textMessage("so xxx"))
                .statusCode(200)
                .body("nextCode", equalTo(0))
                .body("content", equalTo("{\"content\":\"so ***\"}"));
    }

    @Test
    void deniesABlockedFriendRequest() {
        String operationID = BusinessServer.operationId("rit-friend");
        post(BASE, "callbackBeforeAddFriendCommand", operationID, Map.of("fromUserID", "spammer", "toUserID", "b"))
                .statusCode(200)
                .body("nextCode", equalTo(1))
                .body("errCode", equalTo(20001));
    }

    @Test
    void countsWhatItAnswered() {
        String operationID = BusinessServer.operationId("rit-stats");
        post(BASE, "callbackAfterGroupMsgReadCommand", operationID, Map.of("sendID", "alice"))
                .statusCode(200).body("actionCode", equalTo(0));
        given().get(BASE + "/stats").then().statusCode(200)
                .body("callbackAfterGroupMsgReadCommand.allow", greaterThanOrEqualTo(1));
    }

    @Test
    void namesWhatItCannotAnswer() {
        String operationID = BusinessServer.operationId("rit-bad");
        post(BASE, "callbackTeleportCommand", operationID, "{}")
                .statusCode(404)
                .body("error", equalTo("unknownCommand"))
                .body("valid", hasItem("callbackBeforeSendSingleMsgCommand"));
        post(BASE, "callbackBeforeSendSingleMsgCommand", operationID, "{\"contentType\":\"101\"}")
                .statusCode(400)
                .body("field", equalTo("contentType"));
    }
}

package io.imhook.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.callback.BadPayloadException;
import io.imhook.callback.payload.UserPayloads.BlackReq;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The dispatch API's contract: answers, operationID, bad input, and the same operations as a CDI bean. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class DispatchApiTest {

    private final BusinessServer server = BusinessServer.instance();
    private final String operationID = BusinessServer.operationId("api");

    @Inject
    Dispatcher dispatcher;

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
    }

    @Test
    void unknownKeyAnswers404ListingTheValidKeys() {
        given().body("{}").post("/dispatch/beforeTeleport")
                .then().statusCode(404)
                .contentType("application/json")
                .body("error", equalTo("unknownCallback"))
                .body("message", containsString("beforeTeleport"))
                .body("valid", hasSize(53))
                .body("valid", hasItems("beforeSendSingleMsg", "afterCreateGroupChatConversations"));
    }

    @Test
    void malformedJsonAnswers400() {
        given().header("operationID", operationID).body("{\"sendID\":").post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(400)
                .contentType("application/json")
                .body("error", equalTo("badRequest"))
                .body("message", containsString("malformed JSON"));
        assertThat(server.requestsFor(operationID)).isEmpty();
    }

    @Test
    void wrongTypeAnswers400NamingTheField() {
        given().body("{\"sendID\":\"u1\",\"contentType\":\"101\"}").post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(400)
                .body("field", equalTo("contentType"))
                .body("message", containsString("contentType"));
        given().body("{\"users\":[{\"userID\":\"u1\",\"createTime\":\"yesterday\"}]}")
                .post("/dispatch/beforeUserRegister")
                .then().statusCode(400)
                .body("field", equalTo("users[0].createTime"));
    }

    @Test
    void bodyMustBeAnObject() {
        given().body("[1,2]").post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(400).body("message", containsString("JSON object"));
        given().post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(400).body("message", containsString("empty"));
    }

    @Test
    void operationIdIsGeneratedWhenAbsentAndSentOn() {
        String generated = given().body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                .post("/dispatch/beforeAddBlack")
                .then().statusCode(200)
                .body("operationID", matchesPattern("[0-9a-f-]{36}"))
                .extract().header("operationID");
        assertThat(server.awaitRequest(generated).command()).isEqualTo("callbackBeforeAddBlackCommand");
    }

    @Test
    void bodyOperationIdIsFilledFromTheHeaderWhereTheFamilyCarriesOne() throws Exception {
        given().header("operationID", operationID).body("{\"groupName\":\"X\"}").post("/dispatch/beforeCreateGroup")
                .then().statusCode(200);
        assertThat(server.awaitRequest(operationID).body()).contains("\"operationID\":\"" + operationID + "\"");
    }

    @Test
    void callbackCommandInTheBodyIsSetByTheDispatcher() {
        given().header("operationID", operationID)
                .body("{\"callbackCommand\":\"somethingElse\",\"ownerUserID\":\"u1\"}").post("/dispatch/beforeAddBlack")
                .then().statusCode(200);
        assertThat(server.awaitRequest(operationID).body())
                .contains("\"callbackCommand\":\"callbackBeforeAddBlackCommand\"");
    }

    @Test
    void afterCallbackIsAcceptedWhileTheBusinessServerHangsAndDeliveredInTheBackground() {
        // afterQuitGroup has a 5 s timeout: the answer comes back long before it, while the delivery still hangs
        server.neverAnswer(operationID);
        long start = System.nanoTime();
        given().header("operationID", operationID).body("{\"groupID\":\"g1\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup")
                .then().statusCode(202)
                .body("outcome", equalTo("queued"))
                .body("proceed", equalTo(true));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        BusinessServer.Received delivered = server.awaitRequest(operationID);
        assertThat(delivered.command()).isEqualTo("callbackAfterQuitGroupCommand");
    }

    @Test
    void listsEveryCallbackWithItsSettings() {
        given().get("/dispatch")
                .then().statusCode(200)
                .body("$", hasSize(53))
                .body("find { it.key == 'beforeAddBlack' }.failedContinue", equalTo(false))
                .body("find { it.key == 'beforeAddBlack' }.timeoutSeconds", equalTo(1))
                .body("find { it.key == 'afterQuitGroup' }.phase", equalTo("after"));
    }

    @Test
    void javaCodeDispatchesThroughTheInjectableBean() {
        server.answer(operationID,
                "{\"actionCode\":0,\"errCode\":20001,\"errMsg\":\"blocked\",\"errDlt\":\"\",\"nextCode\":1}");
        Decision decision = dispatcher.dispatch("beforeAddBlack", new BlackReq(null, "u1", "u2"), operationID)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(decision.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(decision.errCode()).isEqualTo(20001);
        assertThat(decision.operationID()).isEqualTo(operationID);
        assertThat(server.awaitRequest(operationID).body()).contains("\"ownerUserID\":\"u1\"", "\"blackUserID\":\"u2\"");
    }

    @Test
    void javaCodeGetsBadInputAsAFailedUni() {
        assertThat(dispatcher.dispatch("beforeAddBlack", "{\"ownerUserID\":7}".getBytes(), null)
                .onFailure().recoverWithItem(failure -> {
                    assertThat(failure).isInstanceOf(BadPayloadException.class);
                    return null;
                })
                .await().atMost(Duration.ofSeconds(10))).isNull();
    }
}

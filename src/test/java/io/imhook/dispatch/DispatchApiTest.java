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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imhook.callback.BadPayloadException;
import io.imhook.callback.payload.UserPayloads.BlackReq;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The dispatch API's contract: answers, operationID, bad input, and the same operations as a CDI bean. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class DispatchApiTest {

    private final BusinessServer server = BusinessServer.instance();

    @Inject
    Dispatcher dispatcher;

    @BeforeEach
    void reset() {
        server.reset();
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
        given().body("{\"sendID\":").post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(400)
                .contentType("application/json")
                .body("error", equalTo("badRequest"))
                .body("message", containsString("malformed JSON"));
        assertThat(server.received()).isEmpty();
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
        String operationID = given().body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                .post("/dispatch/beforeAddBlack")
                .then().statusCode(200)
                .body("operationID", matchesPattern("[0-9a-f-]{36}"))
                .extract().header("operationID");
        assertThat(server.next().header("operationID")).isEqualTo(operationID);
    }

    @Test
    void bodyOperationIdIsFilledFromTheHeaderWhereTheFamilyCarriesOne() throws Exception {
        given().header("operationID", "op-create").body("{\"groupName\":\"X\"}").post("/dispatch/beforeCreateGroup")
                .then().statusCode(200);
        assertThat(server.next().body()).contains("\"operationID\":\"op-create\"");
    }

    @Test
    void callbackCommandInTheBodyIsSetByTheDispatcher() {
        given().body("{\"callbackCommand\":\"somethingElse\",\"ownerUserID\":\"u1\"}").post("/dispatch/beforeAddBlack")
                .then().statusCode(200);
        assertThat(server.next().body()).contains("\"callbackCommand\":\"callbackBeforeAddBlackCommand\"");
    }

    @Test
    void afterCallbackIsAcceptedAtOnceAndDeliveredInTheBackground() {
        server.neverAnswer("callbackAfterQuitGroupCommand");
        long start = System.nanoTime();
        given().header("operationID", "op-after").body("{\"groupID\":\"g1\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup")
                .then().statusCode(202)
                .body("outcome", equalTo("queued"))
                .body("proceed", equalTo(true));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        BusinessServer.Received delivered = server.next();
        assertThat(delivered.command()).isEqualTo("callbackAfterQuitGroupCommand");
        assertThat(delivered.header("operationID")).isEqualTo("op-after");
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
        server.answer("callbackBeforeAddBlackCommand",
                "{\"actionCode\":0,\"errCode\":20001,\"errMsg\":\"blocked\",\"errDlt\":\"\",\"nextCode\":1}");
        Decision decision = dispatcher.dispatch("beforeAddBlack", new BlackReq(null, "u1", "u2"), "op-bean")
                .await().atMost(Duration.ofSeconds(5));
        assertThat(decision.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(decision.errCode()).isEqualTo(20001);
        assertThat(decision.operationID()).isEqualTo("op-bean");
        assertThat(server.next().body()).contains("\"ownerUserID\":\"u1\"", "\"blackUserID\":\"u2\"");
    }

    @Test
    void javaCodeGetsBadInputAsAFailedUni() {
        assertThat(dispatcher.dispatch("beforeAddBlack", "{\"ownerUserID\":7}".getBytes(), null)
                .onFailure().recoverWithItem(failure -> {
                    assertThat(failure).isInstanceOf(BadPayloadException.class);
                    return null;
                })
                .await().atMost(Duration.ofSeconds(5))).isNull();
    }
}

package io.imhook.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The decision table end to end over HTTP, for {@code failedContinue: true} (beforeAddFriend) and {@code false}
 * (beforeAddBlack); both have a 1 s timeout in {@code webhooks-test.yml}. Every reply-dependent row is a plain unit
 * test in {@link ReplyInterpreterTest} and the fallback in {@link CallbackGuardsTest}; these rows show the same
 * decisions through the real client: an allow, a deny, a failed reply, a redirect not followed, a timeout.
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class DecisionTableTest {

    private final BusinessServer server = BusinessServer.instance();
    /** This test's own events: what the business server answers and sees is keyed by it. */
    private final String operationID = BusinessServer.operationId("decision");

    @AfterEach
    void release() {
        server.release();
    }

    private static String key(boolean failedContinue) {
        return failedContinue ? "beforeAddFriend" : "beforeAddBlack";
    }

    private static String command(boolean failedContinue) {
        return failedContinue ? "callbackBeforeAddFriendCommand" : "callbackBeforeAddBlackCommand";
    }

    private ValidatableResponse dispatch(boolean failedContinue) {
        String body = failedContinue
                ? "{\"fromUserID\":\"u1\",\"toUserID\":\"u2\",\"reqMsg\":\"hi\",\"ex\":\"\"}"
                : "{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}";
        return given().header("operationID", operationID).body(body)
                .post("/dispatch/" + key(failedContinue))
                .then().statusCode(200)
                .body("key", equalTo(key(failedContinue)))
                .body("operationID", equalTo(operationID));
    }

    /** A failed exchange: proceeds unmodified with failedContinue, else blocks with the given error. */
    private ValidatableResponse assertFailed(boolean failedContinue, String reason, int blockingErrCode) {
        ValidatableResponse response = dispatch(failedContinue)
                .body("outcome", equalTo("failed"))
                .body("reason", equalTo(reason))
                .body("proceed", equalTo(failedContinue))
                .body("modified", anEmptyMap());
        if (failedContinue) {
            return response.body("errCode", equalTo(0));
        }
        return response.body("errCode", equalTo(blockingErrCode));
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void plainAllowProceeds(boolean failedContinue) {
        server.answer(operationID, BusinessServer.ALLOW);
        dispatch(failedContinue)
                .body("outcome", equalTo("allowed"))
                .body("proceed", equalTo(true))
                .body("errCode", equalTo(0))
                .body("reason", nullValue())
                .body("modified", anEmptyMap());
        assertThat(server.awaitRequest(operationID).command()).isEqualTo(command(failedContinue));
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void nextCodeOneDeniesWithTheReceiversCodesUnchanged(boolean failedContinue) {
        server.answer(operationID,
                "{\"actionCode\":0,\"errCode\":20001,\"errMsg\":\"not allowed\",\"errDlt\":\"blocked user\",\"nextCode\":1}");
        dispatch(failedContinue)
                .body("outcome", equalTo("denied"))
                .body("proceed", equalTo(false))
                .body("errCode", equalTo(20001))
                .body("errMsg", equalTo("not allowed"))
                .body("errDlt", equalTo("blocked user"));
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void actionCodeNotZeroIsAFailedExchangeCarryingTheReceiversCodes(boolean failedContinue) {
        // OpenIM issue #3049's reply: OpenIM lets the message through; here failedContinue decides
        server.answer(operationID,
                "{\"actionCode\":1,\"errCode\":5001,\"errMsg\":\"cannot handle\",\"errDlt\":\"busy\",\"nextCode\":1}");
        ValidatableResponse response = assertFailed(failedContinue, "actionCode", 5001);
        if (!failedContinue) {
            response.body("errMsg", equalTo("cannot handle")).body("errDlt", equalTo("busy"));
        }
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void redirectsAreNotFollowed(boolean failedContinue) {
        server.answer(operationID, 307, BusinessServer.ALLOW);
        assertFailed(failedContinue, "httpStatus", 90004);
        assertThat(server.requestsFor(operationID)).singleElement()
                .satisfies(request -> assertThat(request.command()).isEqualTo(command(failedContinue)));
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void bodyThatIsNotJsonIsADataError(boolean failedContinue) {
        server.answer(operationID, "<html>oops</html>");
        assertFailed(failedContinue, "badReply", 90007);
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void oneSecondTimeoutDecidesBetweenOneAndThreeSeconds(boolean failedContinue) {
        server.neverAnswer(operationID);
        long start = System.nanoTime();
        ValidatableResponse response = assertFailed(failedContinue, "timeout", 90004);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isBetween(1000L, 3000L);
        assertThat(response.extract().jsonPath().getLong("elapsedMs")).isBetween(1000L, 3000L);
        if (!failedContinue) {
            response.body("errMsg", equalTo("NetworkError"));
        }
    }
}

package io.imhook.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Filters decided before any HTTP call. {@code webhooks-test.yml}: beforeSendSingleMsg denies 102 and 104-106,
 * beforeSendGroupMsg allows only 101 and 200-300, and the message after-callbacks watch u-watched / g-watched.
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class FilterTest {

    private final BusinessServer server = BusinessServer.instance();

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
    }

    /** One dispatch under a fresh operationID, and what became of it. */
    private record Dispatched(String operationID, ValidatableResponse response) {
    }

    private static Dispatched dispatch(String key, String body) {
        String operationID = BusinessServer.operationId("filter");
        return new Dispatched(operationID,
                given().header("operationID", operationID).body(body).post("/dispatch/" + key).then());
    }

    private static String message(int contentType, int sessionType, String recvID, String groupID) {
        return """
                {"sendID":"u1","recvID":"%s","groupID":"%s","contentType":%d,"sessionType":%d}
                """.formatted(recvID, groupID, contentType, sessionType);
    }

    private void assertSkippedWithoutCall(Dispatched dispatched) {
        dispatched.response().statusCode(200)
                .body("outcome", equalTo("skipped"))
                .body("reason", equalTo("filtered"))
                .body("proceed", equalTo(true));
        assertThat(server.requestsFor(dispatched.operationID())).isEmpty();
    }

    private void assertSentTo(Dispatched dispatched, String command) {
        assertThat(server.awaitRequest(dispatched.operationID()).command()).isEqualTo(command);
    }

    @ParameterizedTest(name = "contentType {0} sent: {1}")
    @CsvSource({ "101,true", "102,false", "103,true", "104,false", "105,false", "106,false", "107,true" })
    void deniedTypesWithRanges(int contentType, boolean sent) {
        Dispatched dispatched = dispatch("beforeSendSingleMsg", message(contentType, 1, "u2", ""));
        if (sent) {
            dispatched.response().body("outcome", equalTo("allowed"));
            assertSentTo(dispatched, "callbackBeforeSendSingleMsgCommand");
        } else {
            assertSkippedWithoutCall(dispatched);
        }
    }

    @ParameterizedTest(name = "contentType {0} sent: {1}")
    @CsvSource({ "101,true", "102,false", "199,false", "200,true", "250,true", "300,true", "301,false" })
    void allowedTypesWithRanges(int contentType, boolean sent) {
        Dispatched dispatched = dispatch("beforeSendGroupMsg", message(contentType, 3, "", "g1"));
        if (sent) {
            dispatched.response().body("outcome", equalTo("allowed"));
            assertSentTo(dispatched, "callbackBeforeSendGroupMsgCommand");
        } else {
            assertSkippedWithoutCall(dispatched);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "beforeSendSingleMsg", "beforeSendGroupMsg", "beforeMsgModify", "beforeOnlinePush",
            "beforeOfflinePush", "beforeGroupOnlinePush", "afterSendSingleMsg", "afterMsgSaveDB" })
    void typingIsNeverSent(String key) {
        assertSkippedWithoutCall(dispatch(key, message(113, 1, "u-watched", "")));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({ "beforeSendSingleMsg,1000", "beforeSendSingleMsg,1501", "beforeSendSingleMsg,5000",
            "beforeMsgModify,2101", "afterSendSingleMsg,1400" })
    void notificationsAreNeverSentToMessageCallbacks(String key, int contentType) {
        assertSkippedWithoutCall(dispatch(key, message(contentType, 1, "u-watched", "")));
    }

    @Test
    void notificationsAreSentToPushCallbacks() {
        Dispatched dispatched = dispatch("beforeOnlinePush", message(1501, 1, "u2", ""));
        dispatched.response().statusCode(200).body("outcome", equalTo("allowed"));
        assertSentTo(dispatched, "callbackBeforeOnlinePushCommand");
    }

    @Test
    void contentTypeJustOutsideTheNotificationRangeIsSent() {
        Dispatched dispatched = dispatch("beforeSendSingleMsg", message(5001, 1, "u2", ""));
        dispatched.response().body("outcome", equalTo("allowed"));
        assertSentTo(dispatched, "callbackBeforeSendSingleMsgCommand");
    }

    @Test
    void attentionIdsMatchRecvIdOfSingleMessages() {
        assertSkippedWithoutCall(dispatch("afterSendSingleMsg", message(101, 1, "u-other", "")));
        Dispatched watched = dispatch("afterSendSingleMsg", message(101, 1, "u-watched", ""));
        watched.response().statusCode(202).body("outcome", equalTo("queued"));
        assertSentTo(watched, "callbackAfterSendSingleMsgCommand");
    }

    @Test
    void attentionIdsMatchGroupIdOfGroupMessages() {
        assertSkippedWithoutCall(dispatch("afterSendGroupMsg", message(101, 3, "", "g-other")));
        Dispatched watched = dispatch("afterSendGroupMsg", message(101, 3, "", "g-watched"));
        watched.response().statusCode(202);
        assertSentTo(watched, "callbackAfterSendGroupMsgCommand");
    }

    @Test
    void attentionIdsApplyToAfterMsgSaveDbForBothKinds() {
        assertSkippedWithoutCall(dispatch("afterMsgSaveDB", message(101, 1, "u-other", "")));
        assertSkippedWithoutCall(dispatch("afterMsgSaveDB", message(101, 3, "", "g-other")));
        Dispatched group = dispatch("afterMsgSaveDB", message(101, 3, "", "g-watched"));
        group.response().statusCode(202);
        assertSentTo(group, "callbackAfterMsgSaveDBCommand");
        Dispatched single = dispatch("afterMsgSaveDB", message(101, 1, "u-watched", ""));
        single.response().statusCode(202);
        assertSentTo(single, "callbackAfterMsgSaveDBCommand");
    }

    @Test
    void filtersDoNotApplyToOtherCallbacks() {
        Dispatched dispatched = dispatch("beforeAddFriend",
                "{\"fromUserID\":\"u1\",\"toUserID\":\"u2\",\"contentType\":113}");
        dispatched.response().body("outcome", equalTo("allowed"));
        assertSentTo(dispatched, "callbackBeforeAddFriendCommand");
    }
}

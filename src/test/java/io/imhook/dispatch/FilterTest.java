package io.imhook.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
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

    @BeforeEach
    void reset() {
        server.reset();
    }

    private static ValidatableResponse dispatch(String key, String body) {
        return given().body(body).post("/dispatch/" + key).then();
    }

    private static String message(int contentType, int sessionType, String recvID, String groupID) {
        return """
                {"sendID":"u1","recvID":"%s","groupID":"%s","contentType":%d,"sessionType":%d}
                """.formatted(recvID, groupID, contentType, sessionType);
    }

    private void assertSkippedWithoutCall(ValidatableResponse response) {
        response.statusCode(200)
                .body("outcome", equalTo("skipped"))
                .body("reason", equalTo("filtered"))
                .body("proceed", equalTo(true));
        assertThat(server.received()).isEmpty();
    }

    @ParameterizedTest(name = "contentType {0} sent: {1}")
    @CsvSource({ "101,true", "102,false", "103,true", "104,false", "105,false", "106,false", "107,true" })
    void deniedTypesWithRanges(int contentType, boolean sent) {
        ValidatableResponse response = dispatch("beforeSendSingleMsg", message(contentType, 1, "u2", ""));
        if (sent) {
            response.body("outcome", equalTo("allowed"));
            assertThat(server.next().command()).isEqualTo("callbackBeforeSendSingleMsgCommand");
        } else {
            assertSkippedWithoutCall(response);
        }
    }

    @ParameterizedTest(name = "contentType {0} sent: {1}")
    @CsvSource({ "101,true", "102,false", "199,false", "200,true", "250,true", "300,true", "301,false" })
    void allowedTypesWithRanges(int contentType, boolean sent) {
        ValidatableResponse response = dispatch("beforeSendGroupMsg", message(contentType, 3, "", "g1"));
        if (sent) {
            response.body("outcome", equalTo("allowed"));
            assertThat(server.next().command()).isEqualTo("callbackBeforeSendGroupMsgCommand");
        } else {
            assertSkippedWithoutCall(response);
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
        dispatch("beforeOnlinePush", message(1501, 1, "u2", "")).statusCode(200).body("outcome", equalTo("allowed"));
        assertThat(server.next().command()).isEqualTo("callbackBeforeOnlinePushCommand");
    }

    @Test
    void contentTypeJustOutsideTheNotificationRangeIsSent() {
        dispatch("beforeSendSingleMsg", message(5001, 1, "u2", "")).body("outcome", equalTo("allowed"));
        assertThat(server.next().command()).isEqualTo("callbackBeforeSendSingleMsgCommand");
    }

    @Test
    void attentionIdsMatchRecvIdOfSingleMessages() {
        assertSkippedWithoutCall(dispatch("afterSendSingleMsg", message(101, 1, "u-other", "")));
        dispatch("afterSendSingleMsg", message(101, 1, "u-watched", "")).statusCode(202)
                .body("outcome", equalTo("queued"));
        assertThat(server.next().command()).isEqualTo("callbackAfterSendSingleMsgCommand");
    }

    @Test
    void attentionIdsMatchGroupIdOfGroupMessages() {
        assertSkippedWithoutCall(dispatch("afterSendGroupMsg", message(101, 3, "", "g-other")));
        dispatch("afterSendGroupMsg", message(101, 3, "", "g-watched")).statusCode(202);
        assertThat(server.next().command()).isEqualTo("callbackAfterSendGroupMsgCommand");
    }

    @Test
    void attentionIdsApplyToAfterMsgSaveDbForBothKinds() {
        assertSkippedWithoutCall(dispatch("afterMsgSaveDB", message(101, 1, "u-other", "")));
        assertSkippedWithoutCall(dispatch("afterMsgSaveDB", message(101, 3, "", "g-other")));
        dispatch("afterMsgSaveDB", message(101, 3, "", "g-watched")).statusCode(202);
        assertThat(server.next().command()).isEqualTo("callbackAfterMsgSaveDBCommand");
        dispatch("afterMsgSaveDB", message(101, 1, "u-watched", "")).statusCode(202);
        assertThat(server.next().command()).isEqualTo("callbackAfterMsgSaveDBCommand");
    }

    @Test
    void filtersDoNotApplyToOtherCallbacks() {
        dispatch("beforeAddFriend", "{\"fromUserID\":\"u1\",\"toUserID\":\"u2\",\"contentType\":113}")
                .body("outcome", equalTo("allowed"));
        assertThat(server.next().command()).isEqualTo("callbackBeforeAddFriendCommand");
    }
}

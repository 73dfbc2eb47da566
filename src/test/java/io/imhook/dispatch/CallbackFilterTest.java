package io.imhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.PayloadCodec;
import io.imhook.config.CallbackSettings;
import io.imhook.config.ContentTypeRange;

/** Which events are filtered out before any HTTP call (spec 1.3, DECISIONS #6), from settings built in place. */
class CallbackFilterTest {

    private static final List<ContentTypeRange> NO_RANGES = List.of();

    private static CallbackSettings settings(String key, List<ContentTypeRange> denied,
            Optional<List<ContentTypeRange>> allowed, Set<String> attentionIds) {
        return new CallbackSettings(CallbackCatalogue.byKey(key).orElseThrow(), true, Duration.ofSeconds(5), true,
                denied, allowed, attentionIds);
    }

    private static CallbackSettings plain(String key) {
        return settings(key, NO_RANGES, Optional.empty(), Set.of());
    }

    private static CallbackSettings watching(String key, String... attentionIds) {
        return settings(key, NO_RANGES, Optional.empty(), Set.of(attentionIds));
    }

    private static ObjectNode message(int contentType, int sessionType, String recvID, String groupID) {
        return PayloadCodec.mapper().createObjectNode()
                .put("sendID", "u1").put("recvID", recvID).put("groupID", groupID)
                .put("contentType", contentType).put("sessionType", sessionType);
    }

    private static boolean sent(CallbackSettings settings, ObjectNode payload) {
        return CallbackFilter.filteredOut(settings, payload).isEmpty();
    }

    @ParameterizedTest(name = "contentType {0} sent: {1}")
    @CsvSource({ "101,true", "102,false", "103,true", "104,false", "105,false", "106,false", "107,true" })
    void deniedTypesWithRanges(int contentType, boolean sent) {
        CallbackSettings settings = settings("beforeSendSingleMsg",
                List.of(ContentTypeRange.parse("102"), ContentTypeRange.parse("104-106")), Optional.empty(), Set.of());
        assertThat(sent(settings, message(contentType, 1, "u2", ""))).isEqualTo(sent);
    }

    @ParameterizedTest(name = "contentType {0} sent: {1}")
    @CsvSource({ "101,true", "102,false", "199,false", "200,true", "250,true", "300,true", "301,false" })
    void allowedTypesWithRanges(int contentType, boolean sent) {
        CallbackSettings settings = settings("beforeSendGroupMsg", NO_RANGES,
                Optional.of(List.of(ContentTypeRange.parse("101"), ContentTypeRange.parse("200-300"))), Set.of());
        assertThat(sent(settings, message(contentType, 3, "", "g1"))).isEqualTo(sent);
    }

    @Test
    void deniedTypesWinOverAllowedTypes() {
        CallbackSettings settings = settings("beforeSendSingleMsg", List.of(ContentTypeRange.parse("101")),
                Optional.of(List.of(ContentTypeRange.parse("100-110"))), Set.of());
        assertThat(CallbackFilter.filteredOut(settings, message(101, 1, "u2", "")))
                .hasValue("contentType 101 is in deniedTypes");
        assertThat(CallbackFilter.filteredOut(settings, message(120, 1, "u2", "")))
                .hasValue("contentType 120 is not in allowedTypes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "beforeSendSingleMsg", "beforeSendGroupMsg", "beforeMsgModify", "beforeOnlinePush",
            "beforeOfflinePush", "beforeGroupOnlinePush", "afterSendSingleMsg", "afterMsgSaveDB" })
    void typingIsNeverSent(String key) {
        assertThat(CallbackFilter.filteredOut(watching(key, "u-watched"), message(113, 1, "u-watched", "")))
                .hasValue("Typing (113) is never sent");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({ "beforeSendSingleMsg,1000", "beforeSendSingleMsg,1501", "beforeSendSingleMsg,5000",
            "beforeMsgModify,2101", "afterSendSingleMsg,1400" })
    void notificationsAreNeverSentToMessageCallbacks(String key, int contentType) {
        assertThat(CallbackFilter.filteredOut(watching(key, "u-watched"), message(contentType, 1, "u-watched", "")))
                .hasValue("notification " + contentType + " (1000..5000) is never sent");
    }

    @ParameterizedTest(name = "contentType {0}")
    @ValueSource(ints = { 999, 5001 })
    void contentTypesJustOutsideTheNotificationRangeAreSent(int contentType) {
        assertThat(sent(plain("beforeSendSingleMsg"), message(contentType, 1, "u2", ""))).isTrue();
    }

    @Test
    void notificationsAreSentToPushCallbacks() {
        assertThat(sent(plain("beforeOnlinePush"), message(1501, 1, "u2", ""))).isTrue();
    }

    @Test
    void pushCallbacksIgnoreContentTypeLists() {
        CallbackSettings settings = settings("beforeOfflinePush", List.of(ContentTypeRange.parse("101")),
                Optional.of(List.of(ContentTypeRange.parse("200"))), Set.of());
        assertThat(sent(settings, message(101, 1, "u2", ""))).isTrue();
    }

    @Test
    void attentionIdsMatchRecvIdOfSingleMessages() {
        CallbackSettings settings = watching("afterSendSingleMsg", "u-watched");
        assertThat(CallbackFilter.filteredOut(settings, message(101, 1, "u-other", "")))
                .hasValue("recvID 'u-other' is not in attentionIds");
        assertThat(sent(settings, message(101, 1, "u-watched", ""))).isTrue();
    }

    @ParameterizedTest(name = "sessionType {0}")
    @ValueSource(ints = { 2, 3 })
    void attentionIdsMatchGroupIdOfGroupMessages(int sessionType) {
        CallbackSettings settings = watching("afterSendGroupMsg", "g-watched");
        assertThat(CallbackFilter.filteredOut(settings, message(101, sessionType, "", "g-other")))
                .hasValue("groupID 'g-other' is not in attentionIds");
        assertThat(sent(settings, message(101, sessionType, "", "g-watched"))).isTrue();
    }

    @Test
    void attentionIdsApplyToAfterMsgSaveDbForBothKinds() {
        CallbackSettings settings = watching("afterMsgSaveDB", "u-watched", "g-watched");
        assertThat(sent(settings, message(101, 1, "u-other", ""))).isFalse();
        assertThat(sent(settings, message(101, 3, "", "g-other"))).isFalse();
        assertThat(sent(settings, message(101, 3, "", "g-watched"))).isTrue();
        assertThat(sent(settings, message(101, 1, "u-watched", ""))).isTrue();
    }

    @Test
    void noAttentionIdsMeansEveryMessageIsSent() {
        assertThat(sent(plain("afterSendSingleMsg"), message(101, 1, "anyone", ""))).isTrue();
    }

    @Test
    void beforeCallbacksIgnoreAttentionIds() {
        assertThat(sent(watching("beforeSendSingleMsg", "u-watched"), message(101, 1, "u-other", ""))).isTrue();
    }

    @Test
    void filtersDoNotApplyToOtherCallbacks() {
        CallbackSettings settings = settings("beforeAddFriend", List.of(ContentTypeRange.parse("113")),
                Optional.empty(), Set.of("nobody"));
        ObjectNode payload = PayloadCodec.mapper().createObjectNode()
                .put("fromUserID", "u1").put("toUserID", "u2").put("contentType", 113);
        assertThat(sent(settings, payload)).isTrue();
    }
}

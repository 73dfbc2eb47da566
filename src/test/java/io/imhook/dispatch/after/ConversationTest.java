package io.imhook.dispatch.after;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.callback.PayloadCodec;

class ConversationTest {

    private static final CallbackType SINGLE = CallbackCatalogue.byKey("afterSendSingleMsg").orElseThrow();
    private static final CallbackType QUIT_GROUP = CallbackCatalogue.byKey("afterQuitGroup").orElseThrow();
    private static final CallbackType ONLINE = CallbackCatalogue.byKey("afterUserOnline").orElseThrow();

    /** Both ways in: the body as bytes (Kafka, tests) and the tree the dispatcher holds. */
    private static String both(CallbackType type, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String fromBytes = Conversation.of(type, body);
        assertThat(Conversation.of(type, PayloadCodec.read(body, JsonNode.class)))
                .isEqualTo(fromBytes);
        return fromBytes;
    }

    @Test
    void aSingleChatIsOneConversationInBothDirections() {
        assertThat(both(SINGLE, "{\"sendID\":\"bob\",\"recvID\":\"alice\"}")).isEqualTo("single:alice:bob");
        assertThat(both(SINGLE, "{\"sendID\":\"alice\",\"recvID\":\"bob\"}")).isEqualTo("single:alice:bob");
    }

    @Test
    void aGroupEventIsKeyedByItsGroupWhateverTheCaseOfItsName() {
        assertThat(both(QUIT_GROUP, "{\"groupId\":\"g1\",\"userID\":\"u1\"}")).isEqualTo("group:g1");
    }

    @Test
    void aUserEventIsKeyedByItsUserAndAnEventWithoutIdsByItsCallback() {
        assertThat(both(ONLINE, "{\"userID\":\"u7\",\"platformID\":1}")).isEqualTo("user:u7");
        assertThat(both(ONLINE, "{\"userID\":\"\"}")).isEqualTo("key:afterUserOnline");
        assertThat(Conversation.of(ONLINE, "not json".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("key:afterUserOnline");
    }
}

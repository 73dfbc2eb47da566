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

    /** The key of {@code json}, read as the dispatcher reads a request. */
    private static String key(CallbackType type, String json) {
        return Conversation.of(type, PayloadCodec.read(json.getBytes(StandardCharsets.UTF_8), JsonNode.class));
    }

    @Test
    void aSingleChatIsOneConversationInBothDirections() {
        assertThat(key(SINGLE, "{\"sendID\":\"bob\",\"recvID\":\"alice\"}")).isEqualTo("single:alice:bob");
        assertThat(key(SINGLE, "{\"sendID\":\"alice\",\"recvID\":\"bob\"}")).isEqualTo("single:alice:bob");
    }

    @Test
    void aGroupEventIsKeyedByItsGroupWhateverTheCaseOfItsName() {
        assertThat(key(QUIT_GROUP, "{\"groupId\":\"g1\",\"userID\":\"u1\"}")).isEqualTo("group:g1");
    }

    @Test
    void aUserEventIsKeyedByItsUserAndAnEventWithoutIdsByItsCallback() {
        assertThat(key(ONLINE, "{\"userID\":\"u7\",\"platformID\":1}")).isEqualTo("user:u7");
        assertThat(key(ONLINE, "{\"userID\":\"\"}")).isEqualTo("key:afterUserOnline");
    }
}

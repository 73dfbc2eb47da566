package io.imhook.dispatch;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.MessageFilter;
import io.imhook.config.CallbackSettings;

/** Decides whether an event is filtered out before any HTTP call (spec 1.3, DECISIONS #6). */
final class CallbackFilter {

    static final int TYPING = 113;
    static final int NOTIFICATION_BEGIN = 1000;
    static final int NOTIFICATION_END = 5000;
    private static final int GROUP_SESSION = 3;
    private static final int WRITE_GROUP_SESSION = 2;

    private CallbackFilter() {
    }

    /** Why the event is filtered out, or empty when it is to be sent. */
    static Optional<String> filteredOut(CallbackSettings settings, ObjectNode payload) {
        MessageFilter filter = settings.type().filter();
        int contentType = payload.path("contentType").asInt();
        if (filter.skipsTyping() && contentType == TYPING) {
            return Optional.of("Typing (113) is never sent");
        }
        if (filter.readsContentTypes()) {
            if (contentType >= NOTIFICATION_BEGIN && contentType <= NOTIFICATION_END) {
                return Optional.of("notification " + contentType + " (1000..5000) is never sent");
            }
            if (settings.denies(contentType)) {
                return Optional.of("contentType " + contentType + " is in deniedTypes");
            }
            if (!settings.allows(contentType)) {
                return Optional.of("contentType " + contentType + " is not in allowedTypes");
            }
        }
        if (filter.readsAttentionIds() && !settings.attentionIds().isEmpty()) {
            int sessionType = payload.path("sessionType").asInt();
            boolean group = sessionType == GROUP_SESSION || sessionType == WRITE_GROUP_SESSION;
            String target = payload.path(group ? "groupID" : "recvID").asText("");
            if (!settings.attentionIds().contains(target)) {
                return Optional.of((group ? "groupID '" : "recvID '") + target + "' is not in attentionIds");
            }
        }
        return Optional.empty();
    }
}

package io.imhook.dispatch.after;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.CallbackType;

/**
 * The ordering key of an after-callback: events of one conversation are delivered in the order they were accepted,
 * and a slow or retried conversation holds up no other. A group event is keyed by its group, a single chat by the
 * sorted pair of its user ids (both directions are one conversation), a user event by its user; an event with none
 * of these by its callback key.
 */
public final class Conversation {

    /** Two-party events: the fields that name the parties, in the order they are looked for. */
    private static final List<List<String>> PAIRS = List.of(List.of("sendID", "recvID"),
            List.of("fromUserID", "toUserID"), List.of("ownerUserID", "friendUserID"),
            List.of("ownerUserID", "blackUserID"));

    private Conversation() {
    }

    /** The key of an event given as its request JSON, the tree the dispatcher has read. */
    public static String of(CallbackType type, JsonNode payload) {
        Map<String, String> fields = lowerCased(payload);
        Optional<String> group = text(fields, "groupid");
        if (group.isPresent()) {
            return "group:" + group.get();
        }
        for (List<String> pair : PAIRS) {
            Optional<String> a = text(fields, pair.get(0).toLowerCase());
            Optional<String> b = text(fields, pair.get(1).toLowerCase());
            if (a.isPresent() && b.isPresent()) {
                return a.get().compareTo(b.get()) <= 0 ? "single:" + a.get() + ":" + b.get()
                        : "single:" + b.get() + ":" + a.get();
            }
        }
        return text(fields, "userid").or(() -> text(fields, "sendid")).or(() -> text(fields, "owneruserid"))
                .map(user -> "user:" + user).orElse("key:" + type.key());
    }

    /** The body's top-level text fields by lower-cased name (receivers and OpenIM vary the case of "ID"). */
    private static Map<String, String> lowerCased(JsonNode payload) {
        Map<String, String> fields = new TreeMap<>();
        if (payload == null || !payload.isObject()) {
            return fields;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isTextual()) {
                fields.putIfAbsent(field.getKey().toLowerCase(), field.getValue().asText());
            }
        }
        return fields;
    }

    private static Optional<String> text(Map<String, String> fields, String name) {
        return Optional.ofNullable(fields.get(name)).filter(value -> !value.isEmpty());
    }
}

package io.imhook.callback;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One reply field that a before-callback applies back to the pending action (spec 3.2 to 3.7). Only a non-null
 * reply value is applied (DECISIONS #5); the change is written under the request's field name.
 */
public sealed interface AppliedField {

    /**
     * Writes this field's change into {@code modified}.
     *
     * @param reply the decoded reply, with canonical field names
     * @param request the request body that was sent
     * @param modified the changes collected so far
     * @throws UnappliableReplyException when the value cannot be applied
     */
    void apply(ObjectNode reply, ObjectNode request, ObjectNode modified);

    /** The reply field this rule reads. */
    String replyField();

    static AppliedField replace(String field) {
        return new Replace(field, field, false);
    }

    static AppliedField replace(String replyField, String requestField) {
        return new Replace(replyField, requestField, false);
    }

    /** Go checks {@code len(x) > 0} for these: an empty string or list keeps the original. */
    static AppliedField replaceIfNotEmpty(String field) {
        return new Replace(field, field, true);
    }

    /** beforeUpdateUserInfoEx: a value only lands in a field the client did set. */
    static AppliedField onlyWhereSet(String field) {
        return new OnlyWhereSet(field);
    }

    /** beforeMsgModify {@code content}: must itself be a JSON object. */
    static AppliedField jsonObjectContent() {
        return new JsonObjectContent();
    }

    /** beforeOfflinePush {@code offlinePushInfo}: replaces the push info the request carries flattened. */
    static AppliedField flattenedPushInfo() {
        return new FlattenedPushInfo();
    }

    /** beforeMemberJoinGroup {@code memberCallbackList}: changes to members of the join list. */
    static AppliedField memberChanges() {
        return new MemberChanges();
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull();
    }

    /** Go's {@code len(x) == 0} for strings and lists. */
    private static boolean isEmpty(JsonNode value) {
        return value.isTextual() ? value.asText().isEmpty() : value.isContainerNode() && value.isEmpty();
    }

    /** An object's fields without the null ones: a null inside a change means "leave as is" too. */
    private static JsonNode nonNullFields(JsonNode value) {
        if (!value.isObject()) {
            return value;
        }
        ObjectNode copy = ((ObjectNode) value).deepCopy();
        copy.properties().removeIf(field -> field.getValue().isNull());
        return copy;
    }

    record Replace(String replyField, String requestField, boolean skipEmpty) implements AppliedField {
        @Override
        public void apply(ObjectNode reply, ObjectNode request, ObjectNode modified) {
            JsonNode value = reply.get(replyField);
            if (isAbsent(value) || skipEmpty && isEmpty(value)) {
                return;
            }
            modified.set(requestField, nonNullFields(value));
        }
    }

    record OnlyWhereSet(String replyField) implements AppliedField {
        @Override
        public void apply(ObjectNode reply, ObjectNode request, ObjectNode modified) {
            JsonNode value = reply.get(replyField);
            if (isAbsent(value)) {
                return;
            }
            if (isAbsent(request.get(replyField))) {
                throw new UnappliableReplyException(
                        "reply sets '" + replyField + "', which the request does not change");
            }
            modified.set(replyField, value);
        }
    }

    record JsonObjectContent() implements AppliedField {
        @Override
        public String replyField() {
            return "content";
        }

        @Override
        public void apply(ObjectNode reply, ObjectNode request, ObjectNode modified) {
            JsonNode value = reply.get("content");
            if (isAbsent(value)) {
                return;
            }
            if (!PayloadCodec.isJsonObjectText(value.asText())) {
                throw new UnappliableReplyException(UnappliableReplyException.ARGS_ERROR,
                        "webhook msg modify content is not json");
            }
            modified.set("content", value);
        }
    }

    record FlattenedPushInfo() implements AppliedField {
        @Override
        public String replyField() {
            return "offlinePushInfo";
        }

        @Override
        public void apply(ObjectNode reply, ObjectNode request, ObjectNode modified) {
            JsonNode info = reply.get("offlinePushInfo");
            if (isAbsent(info)) {
                return;
            }
            modified.setAll((ObjectNode) nonNullFields(info));
        }
    }

    record MemberChanges() implements AppliedField {
        @Override
        public String replyField() {
            return "memberCallbackList";
        }

        @Override
        public void apply(ObjectNode reply, ObjectNode request, ObjectNode modified) {
            JsonNode changes = reply.get("memberCallbackList");
            if (isAbsent(changes)) {
                return;
            }
            Set<String> joining = new HashSet<>();
            request.path("memberList").forEach(member -> joining.add(member.path("userID").asText()));
            ArrayNode applied = modified.arrayNode();
            for (JsonNode change : changes) {
                if (isAbsent(change) || isAbsent(change.get("userID"))) {
                    throw new UnappliableReplyException("memberCallbackList entry without userID");
                }
                if (joining.contains(change.get("userID").asText())) {
                    applied.add(nonNullFields(change));
                }
            }
            if (!applied.isEmpty()) {
                modified.set("memberList", applied);
            }
        }
    }
}

package io.imhook.gateway;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads an answer the way OpenIM's Go code does, written from the spec and not from imhook's code, so that a
 * test can tell what OpenIM would do with a gateway reply: {@code encoding/json} (one JSON value, keys matched
 * case-insensitively with an exact match preferred, strict types, {@code null} is zero), the deny rule
 * {@code actionCode == 0 && nextCode == 1} (spec 2.5), the HTTP status ignored (2.7), and each callback's copy
 * rules (spec 3), quirks included: beforeSetGroupInfo(Ex) copy fields the reply leaves out (9.4), and the three
 * nil-pointer panics of 9.8 throw {@link OpenImPanic}.
 */
final class OpenImDecoder {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final List<String> PUSH_INFO =
            List.of("title", "desc", "ex", "iOSPushSound", "iOSBadgeCount", "signalInfo");

    /** What OpenIM does: whether the action goes ahead, the error it fails with, and the action as changed. */
    record WhatOpenImDoes(boolean proceeds, int errCode, String errMsg, String errDlt, ObjectNode action) {
    }

    /** OpenIM's Go code would crash on this reply (spec 9.8). */
    static final class OpenImPanic extends RuntimeException {
        OpenImPanic(String message) {
            super(message);
        }
    }

    private enum Copy {
        /** {@code datautil.NotNilReplace}: a non-null reply value replaces the field. */
        NOT_NIL,
        /** A plain string copied whatever the reply says: a missing key becomes "". */
        ALWAYS_STRING,
        /** A pointer copied whatever the reply says: a missing key becomes nil (the update is cancelled). */
        ALWAYS,
        /** {@code len(x) > 0}: an empty string or list keeps the original. */
        NON_EMPTY,
        /** A non-null value lands only in a field the client set; anything else is a nil-pointer panic. */
        ONLY_WHERE_SET,
        /** Must be the text of a JSON object, else 1001 ArgsError. */
        JSON_CONTENT,
        /** Copied onto push info the request cannot show to exist: a panic when it does not. */
        PANIC_IF_SET,
        /** Replaces the whole (flattened) push info. */
        PUSH_INFO,
        /** Each entry needs a userID (a panic otherwise) and changes that member. */
        MEMBERS
    }

    /** One rule: reply field, the action's field it lands in, and how. */
    private record Rule(String reply, String action, Copy copy) {
    }

    private static Rule rule(String field, Copy copy) {
        return new Rule(field, field, copy);
    }

    private static List<Rule> notNil(String... fields) {
        return java.util.Arrays.stream(fields).map(field -> rule(field, Copy.NOT_NIL)).toList();
    }

    private static final Map<String, List<Rule>> RULES = Map.ofEntries(
            Map.entry("beforeMsgModify", concat(List.of(rule("content", Copy.JSON_CONTENT),
                    new Rule("senderFaceURL", "faceURL", Copy.NOT_NIL),
                    new Rule("atUserIDList", "atUserList", Copy.NOT_NIL),
                    rule("offlinePushInfo", Copy.PANIC_IF_SET)),
                    notNil("recvID", "groupID", "clientMsgID", "serverMsgID", "senderPlatformID", "senderNickname",
                            "sessionType", "msgFrom", "contentType", "status", "options", "attachedInfo", "ex"))),
            Map.entry("beforeOfflinePush", List.of(rule("userIDList", Copy.NON_EMPTY),
                    rule("offlinePushInfo", Copy.PUSH_INFO))),
            Map.entry("beforeGroupOnlinePush", List.of(rule("userIDList", Copy.NON_EMPTY))),
            Map.entry("beforeUpdateUserInfo", notNil("nickName", "faceURL", "ex")),
            Map.entry("beforeUpdateUserInfoEx", List.of(rule("nickName", Copy.ONLY_WHERE_SET),
                    rule("faceURL", Copy.ONLY_WHERE_SET), rule("ex", Copy.ONLY_WHERE_SET))),
            Map.entry("beforeUserRegister", List.of(rule("users", Copy.NON_EMPTY))),
            Map.entry("beforeImportFriends", List.of(rule("friendUserIDs", Copy.NON_EMPTY))),
            Map.entry("beforeSetFriendRemark", List.of(rule("remark", Copy.NON_EMPTY))),
            Map.entry("beforeCreateGroup", notNil("groupID", "groupName", "notification", "introduction", "faceURL",
                    "ownerUserID", "ex", "status", "creatorUserID", "groupType", "needVerification",
                    "lookMemberInfo")),
            Map.entry("beforeMemberJoinGroup", List.of(new Rule("memberCallbackList", "memberList", Copy.MEMBERS))),
            Map.entry("beforeSetGroupMemberInfo", notNil("ex", "nickName", "faceURL", "roleLevel")),
            Map.entry("beforeSetGroupInfo", concat(
                    List.of(rule("groupID", Copy.ALWAYS_STRING), rule("groupName", Copy.ALWAYS_STRING),
                            rule("faceURL", Copy.ALWAYS_STRING), rule("introduction", Copy.ALWAYS_STRING)),
                    notNil("ex", "needVerification", "lookMemberInfo", "applyMemberFriend"))),
            Map.entry("beforeSetGroupInfoEx", List.of(rule("groupID", Copy.ALWAYS_STRING),
                    rule("groupName", Copy.ALWAYS), rule("faceURL", Copy.ALWAYS), rule("introduction", Copy.ALWAYS),
                    rule("ex", Copy.ALWAYS), rule("needVerification", Copy.ALWAYS),
                    rule("lookMemberInfo", Copy.ALWAYS), rule("applyMemberFriend", Copy.ALWAYS))),
            Map.entry("beforeCreateSingleChatConversations", conversation()),
            Map.entry("beforeCreateGroupChatConversations", conversation()));

    private OpenImDecoder() {
    }

    private static List<Rule> conversation() {
        return notNil("recvMsgOpt", "isPinned", "isPrivateChat", "burnDuration", "groupAtType", "attachedInfo",
                "ex");
    }

    private static List<Rule> concat(List<Rule> a, List<Rule> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /**
     * What OpenIM does with {@code body} as the reply to the before-callback {@code key} whose pending action is
     * {@code request}.
     *
     * @throws OpenImPanic where OpenIM's Go code would crash
     */
    static WhatOpenImDoes decode(String key, ObjectNode request, String body) {
        JsonNode reply;
        try {
            reply = JSON.readTree(body);
        } catch (JacksonException e) {
            return blocked(90007, "DataError", "response format error");
        }
        if (reply == null || reply.isMissingNode()) {
            return blocked(90007, "DataError", "empty body");
        }
        if (reply.isNull()) {
            reply = JSON.createObjectNode();
        }
        if (!reply.isObject()) {
            return blocked(90007, "DataError", "not an object");
        }
        Integer actionCode = int32(reply, "actionCode");
        Integer nextCode = int32(reply, "nextCode");
        Integer errCode = int32(reply, "errCode");
        String errMsg = string(reply, "errMsg");
        String errDlt = string(reply, "errDlt");
        if (actionCode == null || nextCode == null || errCode == null || errMsg == null || errDlt == null) {
            return blocked(90007, "DataError", "wrong type");
        }
        if (actionCode == 0 && nextCode == 1) {
            return new WhatOpenImDoes(false, errCode, errMsg, errDlt, request.deepCopy());
        }
        ObjectNode action = request.deepCopy();
        for (Rule rule : RULES.getOrDefault(key, List.of())) {
            JsonNode value = field(reply, rule.reply());
            boolean absent = value == null || value.isNull();
            switch (rule.copy()) {
                case NOT_NIL -> {
                    if (!absent) {
                        action.set(rule.action(), value);
                    }
                }
                case ALWAYS_STRING -> action.put(rule.action(), absent ? "" : value.asText());
                case ALWAYS -> action.set(rule.action(), absent ? NullNode.getInstance() : value);
                case NON_EMPTY -> {
                    if (!absent && !(value.isTextual() ? value.asText().isEmpty() : value.isEmpty())) {
                        action.set(rule.action(), value);
                    }
                }
                case ONLY_WHERE_SET -> {
                    if (!absent) {
                        if (action.path(rule.action()).isNull() || action.path(rule.action()).isMissingNode()) {
                            throw new OpenImPanic(key + ": reply sets " + rule.reply() + ", which was not set");
                        }
                        action.set(rule.action(), value);
                    }
                }
                case JSON_CONTENT -> {
                    if (!absent) {
                        if (!isJsonObjectText(value.asText())) {
                            return blocked(1001, "ArgsError", "webhook msg modify content is not json");
                        }
                        action.set(rule.action(), value);
                    }
                }
                case PANIC_IF_SET -> {
                    if (!absent) {
                        throw new OpenImPanic(key + ": " + rule.reply() + " on a message that may have none");
                    }
                }
                case PUSH_INFO -> {
                    if (!absent) {
                        for (String field : PUSH_INFO) {
                            JsonNode part = field(value, field);
                            action.set(field, part == null ? NullNode.getInstance() : part);
                        }
                    }
                }
                case MEMBERS -> {
                    if (!absent) {
                        for (JsonNode change : value) {
                            if (field(change, "userID") == null || field(change, "userID").isNull()) {
                                throw new OpenImPanic(key + ": memberCallbackList entry without userID");
                            }
                        }
                        action.set(rule.action(), value);
                    }
                }
                default -> throw new IllegalStateException(rule.copy().name());
            }
        }
        return new WhatOpenImDoes(true, 0, "", "", action);
    }

    private static WhatOpenImDoes blocked(int errCode, String errMsg, String errDlt) {
        return new WhatOpenImDoes(false, errCode, errMsg, errDlt, null);
    }

    /** Go's field lookup: the exact key if present, else the first key equal ignoring case. */
    static JsonNode field(JsonNode object, String name) {
        if (object.has(name)) {
            return object.get(name);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** An int32, 0 for absent or null, {@code null} for a value Go cannot decode into one. */
    private static Integer int32(JsonNode reply, String name) {
        JsonNode value = field(reply, name);
        if (value == null || value.isNull()) {
            return 0;
        }
        return value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : null;
    }

    /** A string, "" for absent or null, {@code null} for a value of another type. */
    private static String string(JsonNode reply, String name) {
        JsonNode value = field(reply, name);
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isTextual() ? value.asText() : null;
    }

    private static boolean isJsonObjectText(String text) {
        try {
            return JSON.readTree(text).isObject();
        } catch (JacksonException e) {
            return false;
        }
    }
}

package io.imhook.gateway;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.AppliedField;
import io.imhook.callback.BadPayloadException;
import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.callback.PayloadCodec;
import io.imhook.dispatch.Decision;
import io.imhook.dispatch.Outcome;

/**
 * The reply that makes OpenIM's Go code do what imhook decided (spec 2.5 to 2.7, 3, 9). OpenIM denies iff
 * {@code actionCode == 0 && nextCode == 1}, so a block is {@code nextCode 1} with the decision's codes, and
 * everything else is an allow that carries, under the names OpenIM reads, exactly the changes imhook applied.
 */
public final class OpenImReply {

    /** ArgsError: the errCode a request the gateway cannot read blocks with. */
    static final int ARGS_ERROR = 1001;
    /** NoPermissionError: the errCode a request to a path that is not the gateway's url blocks with. */
    static final int NO_PERMISSION = 1002;

    /**
     * Reply fields OpenIM copies whether the reply has them or not (spec 3.6, 9.4): a missing one would blank a
     * field or cancel part of the update, so the reply carries the request's value instead.
     */
    static final Map<String, List<String>> ALWAYS_COPIED = Map.of(
            "beforeSetGroupInfo", List.of("groupID", "groupName", "faceURL", "introduction"),
            "beforeSetGroupInfoEx", List.of("groupID", "groupName", "faceURL", "introduction", "ex",
                    "needVerification", "lookMemberInfo", "applyMemberFriend"));

    /** beforeOfflinePush's push info, flattened in the request, one object in the reply. */
    private static final List<String> PUSH_INFO =
            List.of("title", "desc", "ex", "iOSPushSound", "iOSBadgeCount", "signalInfo");

    private OpenImReply() {
    }

    /**
     * The reply to OpenIM for one decision.
     *
     * @param request the request as it was sent to the business server
     */
    public static ObjectNode of(CallbackType type, Decision decision, ObjectNode request) {
        if (!decision.proceed()) {
            return common(decision.errCode(), decision.errMsg(), decision.errDlt(), 1);
        }
        ObjectNode reply = common(0, "", "", 0);
        if (decision.outcome() == Outcome.ALLOWED) {
            putApplied(type, decision.modified(), request, reply);
        }
        for (String field : ALWAYS_COPIED.getOrDefault(type.key(), List.of())) {
            if (!reply.has(field)) {
                JsonNode value = request.get(field);
                reply.set(field, value == null ? NullNode.getInstance() : value);
            }
        }
        return reply;
    }

    /**
     * The answer to a body that cannot be read: a block with ArgsError where the key's {@code failedContinue} is
     * false, else the plain allow. After-callbacks never block.
     */
    public static BadInputReply badInput(CallbackType type, boolean failedContinue, BadPayloadException problem) {
        boolean blocks = type.isBefore() && !failedContinue;
        return new BadInputReply("badRequest", problem.getMessage(), problem.field(), 0,
                blocks ? ARGS_ERROR : 0, blocks ? "ArgsError" : "", blocks ? problem.getMessage() : "",
                blocks ? 1 : 0, null);
    }

    /**
     * The answer under the gateway's path to anything that is not its url (a wrong or missing token, another
     * shape): a block, since OpenIM reads a body without {@code nextCode 1} as an allow, and an OpenIM pointed at a
     * wrong url would otherwise let everything through unmoderated. Names neither the path nor the token.
     */
    public static BadInputReply notTheGateway() {
        return new BadInputReply("notFound", "no OpenIM gateway at this url; OpenIM reads this answer as a block "
                + "(check its webhooks.yml url against imhook.gateway.base-path and imhook.gateway.token)", null, 0,
                NO_PERMISSION, "NoPermissionError", "imhook: no OpenIM gateway at this url", 1, null);
    }

    /**
     * The answer to a callbackCommand imhook does not know (an OpenIM older or newer than its catalogue): a block,
     * for the same reason as {@link #notTheGateway()}: a before-callback imhook cannot decide must not pass
     * unmoderated. After-callbacks ignore the answer, so nothing else changes for them.
     */
    public static BadInputReply unknownCommand(String command) {
        return new BadInputReply("unknownCommand", "'" + command + "' is not an OpenIM callbackCommand imhook knows; "
                + "OpenIM reads this answer as a block", null, 0, NO_PERMISSION, "NoPermissionError",
                "imhook: not a callback imhook knows", 1,
                CallbackCatalogue.all().stream().map(CallbackType::command).toList());
    }

    /** Writes the applied changes, kept under the request's names in the decision, back under the reply's names. */
    private static void putApplied(CallbackType type, ObjectNode modified, ObjectNode request, ObjectNode reply) {
        for (AppliedField field : type.appliedFields()) {
            if (field instanceof AppliedField.Replace replace) {
                copy(modified, replace.requestField(), reply, replace.replyField());
            } else if (field instanceof AppliedField.FlattenedPushInfo) {
                putPushInfo(modified, request, reply);
            } else if (field instanceof AppliedField.MemberChanges) {
                copy(modified, "memberList", reply, field.replyField());
            } else {
                copy(modified, field.replyField(), reply, field.replyField());
            }
        }
    }

    /** OpenIM replaces the whole push info with the reply's object, so the fields imhook kept are sent too. */
    private static void putPushInfo(ObjectNode modified, ObjectNode request, ObjectNode reply) {
        if (PUSH_INFO.stream().noneMatch(modified::has)) {
            return;
        }
        ObjectNode info = reply.putObject("offlinePushInfo");
        for (String field : PUSH_INFO) {
            JsonNode value = modified.has(field) ? modified.get(field) : request.get(field);
            if (value != null && !value.isNull()) {
                info.set(field, value);
            }
        }
    }

    private static void copy(ObjectNode from, String fromField, ObjectNode to, String toField) {
        if (from.has(fromField)) {
            to.set(toField, from.get(fromField));
        }
    }

    private static ObjectNode common(int errCode, String errMsg, String errDlt, int nextCode) {
        ObjectNode reply = PayloadCodec.mapper().createObjectNode();
        reply.put("actionCode", 0);
        reply.put("errCode", errCode);
        reply.put("errMsg", errMsg == null ? "" : errMsg);
        reply.put("errDlt", errDlt == null ? "" : errDlt);
        reply.put("nextCode", nextCode);
        return reply;
    }
}

package io.imhook.receiver;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.PayloadCodec;
import io.imhook.callback.payload.CommonReply;

/**
 * One answer in the protocol's reply format (spec 2.5): the common fields, plus a callback's own reply fields
 * (spec 3) for a modify.
 *
 * @param reply the JSON body sent back to OpenIM
 */
public record Answer(Verdict verdict, ObjectNode reply) {

    /** {@code actionCode 0, errCode 0, nextCode 0}. */
    public static Answer allow() {
        return new Answer(Verdict.ALLOW, tree(CommonReply.ALLOW));
    }

    /**
     * {@code actionCode 0, nextCode 1}. OpenIM passes {@code errCode} to the caller as a gRPC code, so it must be
     * 100 or more (spec 1.5).
     */
    public static Answer deny(int errCode, String errMsg, String errDlt) {
        return new Answer(Verdict.DENY, tree(CommonReply.deny(errCode, errMsg, errDlt)));
    }

    /** The allow answer with reply fields that change the pending action, under their reply names. */
    public static Answer modify(Map<String, ?> replyFields) {
        ObjectNode reply = tree(CommonReply.ALLOW);
        reply.setAll((ObjectNode) PayloadCodec.mapper().valueToTree(replyFields));
        return new Answer(Verdict.MODIFY, reply);
    }

    private static ObjectNode tree(CommonReply common) {
        return PayloadCodec.mapper().valueToTree(common);
    }
}

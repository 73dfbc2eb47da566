package io.imhook.dispatch;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.AppliedField;
import io.imhook.callback.BadPayloadException;
import io.imhook.callback.CallbackType;
import io.imhook.callback.PayloadCodec;
import io.imhook.callback.PayloadCodec.DecodedReply;
import io.imhook.callback.UnappliableReplyException;
import io.imhook.callback.payload.CommonReply;

/** Turns a business server's HTTP answer to a before-callback into a verdict (the DECISIONS.md table). */
final class ReplyInterpreter {

    /**
     * Changes OpenIM's Go code panics on when it applies them itself (spec 9.8), and that the request cannot show
     * to be safe: beforeMsgModify's {@code offlinePushInfo} is copied onto the message's push info, which the
     * request does not carry and which may be nil. The other two panics of 9.8 are data errors for every ingress.
     */
    private static final Map<String, String> PANICS_IN_OPENIM = Map.of("beforeMsgModify", "offlinePushInfo");

    private ReplyInterpreter() {
    }

    /**
     * @throws ExchangeFailure for a non-2xx status, an undecodable or unappliable reply, or {@code actionCode != 0}
     */
    static Verdict interpret(CallbackType type, ObjectNode request, int status, byte[] body) {
        return interpret(type, request, status, body, Ingress.DISPATCH);
    }

    /**
     * @param ingress {@link Ingress#GATEWAY} when OpenIM applies the verdict itself
     * @throws ExchangeFailure as {@link #interpret(CallbackType, ObjectNode, int, byte[])}, and for a change OpenIM
     *         would panic on when it comes through the gateway
     */
    static Verdict interpret(CallbackType type, ObjectNode request, int status, byte[] body, Ingress ingress) {
        if (status < 200 || status > 299) {
            throw ExchangeFailure.httpStatus(status);
        }
        DecodedReply reply;
        try {
            reply = PayloadCodec.readReply(type, body);
        } catch (BadPayloadException e) {
            // errDlt reaches the IM user and detail the caller: a fixed text and the field, never the parser's
            // message, which quotes bytes of the reply
            throw dataError(UnappliableReplyException.DATA_ERROR, (e.field() == null
                    ? "reply is not a JSON object of the callback's reply"
                    : "wrong type for field '" + e.field() + "'") + " response format error");
        }
        CommonReply common = reply.common();
        if (common.actionCode() != 0) {
            String detail = "business server answered actionCode " + common.actionCode();
            throw receiverFailure(common, detail);
        }
        if (common.nextCode() == 1) {
            return Verdict.denied(common.errCode(), common.errMsg(), common.errDlt());
        }
        ObjectNode modified = PayloadCodec.mapper().createObjectNode();
        try {
            for (AppliedField field : type.appliedFields()) {
                field.apply(reply.fields(), request, modified);
            }
        } catch (UnappliableReplyException e) {
            throw dataError(e.errCode(), e.getMessage());
        }
        String panics = PANICS_IN_OPENIM.get(type.key());
        if (ingress == Ingress.GATEWAY && panics != null && modified.has(panics)) {
            throw dataError(UnappliableReplyException.DATA_ERROR, "reply sets '" + panics
                    + "', which OpenIM panics on for a message without push info (spec 9.8); not passed on");
        }
        return Verdict.allowed(modified);
    }

    private static ExchangeFailure receiverFailure(CommonReply common, String detail) {
        boolean noCode = common.errCode() == 0;
        String errMsg = noCode && (common.errMsg() == null || common.errMsg().isEmpty())
                ? "NetworkError"
                : common.errMsg();
        return new ExchangeFailure(Reason.ACTION_CODE, noCode ? Verdict.NETWORK_ERROR : common.errCode(), errMsg,
                common.errDlt(), detail);
    }

    private static ExchangeFailure dataError(int errCode, String detail) {
        String errMsg = errCode == UnappliableReplyException.ARGS_ERROR ? "ArgsError" : "DataError";
        return new ExchangeFailure(Reason.BAD_REPLY, errCode, errMsg, detail, detail);
    }
}

package io.imhook.dispatch;

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

    private ReplyInterpreter() {
    }

    /**
     * @throws ExchangeFailure for a non-2xx status, an undecodable or unappliable reply, or {@code actionCode != 0}
     */
    static Verdict interpret(CallbackType type, ObjectNode request, int status, byte[] body) {
        if (status < 200 || status > 299) {
            throw ExchangeFailure.httpStatus(status);
        }
        DecodedReply reply;
        try {
            reply = PayloadCodec.readReply(type, body);
        } catch (BadPayloadException e) {
            throw dataError(UnappliableReplyException.DATA_ERROR, e.getMessage() + " response format error");
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

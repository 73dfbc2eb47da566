package io.imhook.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answer to the IM side for one event.
 *
 * @param proceed whether the pending action goes ahead
 * @param reason why it was skipped or failed, else {@code null}
 * @param detail a human-readable account of {@code reason}, else {@code null}
 * @param modified the fields to apply to the pending action, under the request's field names
 */
public record Decision(
        String key,
        String operationID,
        Outcome outcome,
        boolean proceed,
        int errCode,
        String errMsg,
        String errDlt,
        Reason reason,
        String detail,
        ObjectNode modified,
        long elapsedMs) {

    static Decision of(String key, String operationID, Verdict verdict, long startNanos) {
        return new Decision(key, operationID, verdict.outcome(), verdict.proceed(), verdict.errCode(),
                verdict.errMsg(), verdict.errDlt(), verdict.reason(), verdict.detail(), verdict.modified(),
                (System.nanoTime() - startNanos) / 1_000_000);
    }
}

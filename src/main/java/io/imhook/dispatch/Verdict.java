package io.imhook.dispatch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The decision on one event, before the request context (key, operationID, time) is attached.
 *
 * @param modified the fields to apply to the pending action, under the request's field names
 */
public record Verdict(
        Outcome outcome,
        boolean proceed,
        int errCode,
        String errMsg,
        String errDlt,
        Reason reason,
        String detail,
        ObjectNode modified) {

    public static final int NETWORK_ERROR = 90004;

    public static Verdict allowed(ObjectNode modified) {
        return new Verdict(Outcome.ALLOWED, true, 0, "", "", null, null, modified);
    }

    public static Verdict denied(int errCode, String errMsg, String errDlt) {
        return new Verdict(Outcome.DENIED, false, errCode, nullToEmpty(errMsg), nullToEmpty(errDlt), null, null,
                empty());
    }

    public static Verdict skipped(Reason reason, String detail) {
        return new Verdict(Outcome.SKIPPED, true, 0, "", "", reason, detail, empty());
    }

    public static Verdict queued() {
        return new Verdict(Outcome.QUEUED, true, 0, "", "", null, null, empty());
    }

    /** A failed exchange: {@code failedContinue} lets the action proceed unmodified, or blocks it. */
    public static Verdict failed(ExchangeFailure failure, boolean failedContinue) {
        if (failedContinue) {
            return new Verdict(Outcome.FAILED, true, 0, "", "", failure.reason(), failure.getMessage(), empty());
        }
        return new Verdict(Outcome.FAILED, false, failure.errCode(), failure.errMsg(), failure.errDlt(),
                failure.reason(), failure.getMessage(), empty());
    }

    private static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}

package io.imhook.dispatch;

/** A failed exchange with the business server, with the error the action is blocked with. */
public class ExchangeFailure extends RuntimeException {

    private final Reason reason;
    private final int errCode;
    private final String errMsg;
    private final String errDlt;

    public ExchangeFailure(Reason reason, int errCode, String errMsg, String errDlt, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
        this.errCode = errCode;
        this.errMsg = errMsg == null ? "" : errMsg;
        this.errDlt = errDlt == null ? "" : errDlt;
    }

    /** A transport-level failure: NetworkError 90004, with the detail as errDlt. */
    public static ExchangeFailure network(Reason reason, String detail) {
        return new ExchangeFailure(reason, Verdict.NETWORK_ERROR, "NetworkError", detail, detail);
    }

    public Reason reason() {
        return reason;
    }

    public int errCode() {
        return errCode;
    }

    public String errMsg() {
        return errMsg;
    }

    public String errDlt() {
        return errDlt;
    }
}

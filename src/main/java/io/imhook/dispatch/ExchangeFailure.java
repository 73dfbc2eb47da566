package io.imhook.dispatch;

/** A failed exchange with the business server, with the error the action is blocked with. */
public class ExchangeFailure extends RuntimeException {

    private final Reason reason;
    private final int errCode;
    private final String errMsg;
    private final String errDlt;
    private final int status;

    public ExchangeFailure(Reason reason, int errCode, String errMsg, String errDlt, String detail) {
        this(reason, errCode, errMsg, errDlt, detail, 0);
    }

    private ExchangeFailure(Reason reason, int errCode, String errMsg, String errDlt, String detail, int status) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
        this.errCode = errCode;
        this.errMsg = errMsg == null ? "" : errMsg;
        this.errDlt = errDlt == null ? "" : errDlt;
    }

    /** A transport-level failure: NetworkError 90004, with the detail as errDlt. */
    public static ExchangeFailure network(Reason reason, String detail) {
        return new ExchangeFailure(reason, Verdict.NETWORK_ERROR, "NetworkError", detail, detail);
    }

    /** A non-2xx answer of the business server. */
    public static ExchangeFailure httpStatus(int status) {
        String detail = "business server answered HTTP " + status;
        return new ExchangeFailure(Reason.HTTP_STATUS, Verdict.NETWORK_ERROR, "NetworkError", detail, detail, status);
    }

    /**
     * A transport error: the detail (for logs and the decision) names what failed, but the errDlt the IM user may
     * see never carries the business server's address.
     */
    public static ExchangeFailure unreachable(String detail) {
        return new ExchangeFailure(Reason.CONNECT, Verdict.NETWORK_ERROR, "NetworkError",
                "the business server could not be reached", detail);
    }

    /** The HTTP status of a {@link Reason#HTTP_STATUS} failure, 0 otherwise. */
    public int status() {
        return status;
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

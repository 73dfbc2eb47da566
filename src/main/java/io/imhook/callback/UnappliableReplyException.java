package io.imhook.callback;

/** A reply that decoded but cannot be applied to the pending action (DECISIONS #8): a data error. */
public class UnappliableReplyException extends RuntimeException {

    public static final int DATA_ERROR = 90007;
    public static final int ARGS_ERROR = 1001;

    private final int errCode;

    public UnappliableReplyException(int errCode, String message) {
        super(message, null, false, false);
        this.errCode = errCode;
    }

    public UnappliableReplyException(String message) {
        this(DATA_ERROR, message);
    }

    public int errCode() {
        return errCode;
    }
}

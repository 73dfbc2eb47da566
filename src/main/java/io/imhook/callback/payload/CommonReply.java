package io.imhook.callback.payload;

/**
 * The reply fields every callback answer carries (spec 2.5). {@code actionCode} 0 means the receiver handled the
 * event; {@code nextCode} 1 stops the pending action with {@code errCode}, {@code errMsg} and {@code errDlt}.
 */
public record CommonReply(int actionCode, int errCode, String errMsg, String errDlt, int nextCode) {

    public static final CommonReply ALLOW = new CommonReply(0, 0, "", "", 0);

    public static CommonReply deny(int errCode, String errMsg, String errDlt) {
        return new CommonReply(0, errCode, errMsg, errDlt, 1);
    }
}

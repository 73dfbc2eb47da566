package io.imhook.callback;

/** Which content filters a callback honours (spec 1.3, DECISIONS row "filtered"). */
public enum MessageFilter {
    /** No filter: every event is sent. */
    NONE,
    /** Push callbacks: only Typing (113) is skipped. */
    TYPING,
    /** Message callbacks: Typing, notifications 1000..5000, {@code deniedTypes} and {@code allowedTypes}. */
    MESSAGE,
    /** The message after-callbacks: as {@link #MESSAGE}, plus {@code attentionIds}. */
    MESSAGE_WITH_ATTENTION;

    public boolean skipsTyping() {
        return this != NONE;
    }

    public boolean readsContentTypes() {
        return this == MESSAGE || this == MESSAGE_WITH_ATTENTION;
    }

    public boolean readsAttentionIds() {
        return this == MESSAGE_WITH_ATTENTION;
    }
}

package io.imhook.callback;

/** When a callback fires relative to its IM event. */
public enum Phase {
    /** Synchronous: the business server may allow, deny or change the pending action. */
    BEFORE,
    /** Fire-and-forget notification after the action was committed. */
    AFTER
}

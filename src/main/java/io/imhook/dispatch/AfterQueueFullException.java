package io.imhook.dispatch;

/** The after-callback queue is full: the event was refused, not dropped. */
public class AfterQueueFullException extends RuntimeException {

    public AfterQueueFullException(String key, int capacity) {
        super("the after-callback queue is full (" + capacity + " events); " + key + " was not accepted, retry later",
                null, false, false);
    }
}

package io.imhook.dispatch.after;

/** The after-callback queue did not take an event (full, or shutting down): refused, not dropped. */
public class AfterQueueFullException extends RuntimeException {

    public AfterQueueFullException(String key, String why) {
        super(key + " was not accepted (" + why + "); retry later", null, false, false);
    }
}

package io.imhook.dispatch;

/** A {@code webhooks.yml} key that is not one of the 53 callbacks. */
public class UnknownCallbackException extends RuntimeException {

    public UnknownCallbackException(String key) {
        super("'" + key + "' is not a webhooks.yml callback key", null, false, false);
    }
}

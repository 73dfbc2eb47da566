package io.imhook.receiver;

/** A path segment that is not one of the callbackCommand strings the receiver answers. */
public class UnknownCommandException extends RuntimeException {

    public UnknownCommandException(String command) {
        super("'" + command + "' is not an OpenIM callbackCommand", null, false, false);
    }
}

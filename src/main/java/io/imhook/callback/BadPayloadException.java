package io.imhook.callback;

/** A JSON body that is malformed or has a wrong type: names the field where there is one. */
public class BadPayloadException extends RuntimeException {

    private final String field;

    public BadPayloadException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The dotted path of the offending field, or {@code null} when the body as a whole is wrong. */
    public String field() {
        return field;
    }
}

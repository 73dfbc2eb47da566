package io.imhook.receiver;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the receiver answered to one callback. */
public enum Verdict {
    /** Let the action proceed unchanged; also the acknowledgement of every after-callback. */
    ALLOW,
    /** Stop the action ({@code nextCode 1}). */
    DENY,
    /** Let the action proceed with the reply fields of that callback applied. */
    MODIFY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }
}

package io.imhook.dispatch;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of one dispatched event. */
public enum Outcome {
    /** The business server allowed the action (possibly with changes). */
    ALLOWED,
    /** The business server denied the action ({@code nextCode 1}). */
    DENIED,
    /** The exchange failed; {@code failedContinue} decided whether the action proceeds. */
    FAILED,
    /** No HTTP call was made: disabled or filtered out. */
    SKIPPED,
    /** An after-callback accepted for background delivery. */
    QUEUED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }
}

package io.imhook.dispatch;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an event was skipped or its exchange failed. */
public enum Reason {
    DISABLED("disabled"),
    FILTERED("filtered"),
    TIMEOUT("timeout"),
    CONNECT("connect"),
    HTTP_STATUS("httpStatus"),
    BAD_REPLY("badReply"),
    ACTION_CODE("actionCode"),
    CIRCUIT_OPEN("circuitOpen"),
    OVERLOADED("overloaded");

    private final String wireName;

    Reason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}

package io.imhook.dispatch;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an event came in: the label that tells the two apart in metrics and logs. */
public enum Ingress {
    /** {@code POST /dispatch/{key}} or a Java caller: the caller applies the decision itself. */
    DISPATCH,
    /**
     * The OpenIM gateway: OpenIM's own Go code applies the reply, so a change it would panic on (spec 9.8) cannot
     * be passed on.
     */
    GATEWAY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }
}

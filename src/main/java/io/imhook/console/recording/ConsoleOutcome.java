package io.imhook.console.recording;

import com.fasterxml.jackson.annotation.JsonValue;

import io.imhook.dispatch.Decision;

/** A decision as the console counts it: the dispatcher's outcome, split by what became of the action. */
public enum ConsoleOutcome {
    ALLOWED("allowed"),
    DENIED("denied"),
    MODIFIED("modified"),
    FAILED_PROCEEDED("failedProceeded"),
    FAILED_BLOCKED("failedBlocked"),
    QUEUED("queued"),
    SKIPPED("skipped");

    private static final ConsoleOutcome[] ALL = values();
    private final String wireName;

    ConsoleOutcome(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** All of them, in a fixed order (the counters' index); never modify. */
    static ConsoleOutcome[] all() {
        return ALL;
    }

    public static ConsoleOutcome of(Decision decision) {
        return switch (decision.outcome()) {
            case ALLOWED -> decision.modified() == null || decision.modified().isEmpty() ? ALLOWED : MODIFIED;
            case DENIED -> DENIED;
            case FAILED -> decision.proceed() ? FAILED_PROCEEDED : FAILED_BLOCKED;
            case QUEUED -> QUEUED;
            case SKIPPED -> SKIPPED;
        };
    }

    /** The outcome of that wire name, or null. */
    public static ConsoleOutcome byWireName(String name) {
        for (ConsoleOutcome outcome : ALL) {
            if (outcome.wireName.equals(name)) {
                return outcome;
            }
        }
        return null;
    }
}

package io.imhook.dispatch.after;

import java.time.Duration;
import java.util.Optional;

/**
 * An after-callback delivery the business server did not accept. {@code retryable} ones (5xx, 429) are tried
 * again, the others (3xx, other 4xx) are final.
 */
public class DeliveryFailure extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;

    private DeliveryFailure(String message, boolean retryable, Duration retryAfter) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** Classifies a non-2xx answer; {@code retryAfterHeader} is the raw header, seconds or null. */
    static DeliveryFailure ofStatus(int status, String retryAfterHeader) {
        boolean retryable = status == 429 || status >= 500;
        return new DeliveryFailure("business server answered HTTP " + status, retryable,
                retryable ? parseRetryAfter(retryAfterHeader) : null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the business server asked to wait, when it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The longest wait a {@code Retry-After} is read as; the retry schedule caps it at its max delay anyway. */
    private static final Duration LONGEST = Duration.ofDays(365);

    /**
     * {@code Retry-After} in seconds, saturated at a year (so that a huge value cannot overflow, and ends at the
     * schedule's max delay); the HTTP-date form is rare for webhooks and is treated as absent.
     */
    private static Duration parseRetryAfter(String header) {
        if (header == null) {
            return null;
        }
        String seconds = header.trim();
        if (seconds.isEmpty() || !seconds.chars().allMatch(Character::isDigit)) {
            return null;
        }
        if (seconds.length() > 12) {
            return LONGEST;
        }
        Duration wait = Duration.ofSeconds(Long.parseLong(seconds));
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}

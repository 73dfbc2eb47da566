package io.imhook.dispatch;

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

    /** {@code Retry-After} in seconds; the HTTP-date form is rare for webhooks and is treated as absent. */
    private static Duration parseRetryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

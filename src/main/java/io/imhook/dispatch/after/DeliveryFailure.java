package io.imhook.dispatch.after;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
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

    /**
     * Classifies a non-2xx answer received at {@code now}; {@code retryAfterHeader} is the raw header (seconds, an
     * HTTP-date, or null).
     */
    static DeliveryFailure ofStatus(int status, String retryAfterHeader, Instant now) {
        boolean retryable = status == 429 || status >= 500;
        return new DeliveryFailure("business server answered HTTP " + status, retryable,
                retryable ? parseRetryAfter(retryAfterHeader, now) : null);
    }

    /** {@link #ofStatus(int, String, Instant)} for an answer received now. */
    static DeliveryFailure ofStatus(int status, String retryAfterHeader) {
        return ofStatus(status, retryAfterHeader, Instant.now());
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
     * The HTTP-date forms of RFC 9110 section 5.6.7: IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}) and the
     * obsolete RFC 850 ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}) ones.
     */
    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            // parsed without its weekday, which would be checked against 20yy before the century is put right
            DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss zzz", Locale.US),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));

    /**
     * {@code Retry-After} as delay-seconds or as an HTTP-date, saturated at a year (so that a huge value cannot
     * overflow, and ends at the schedule's max delay); a date in the past is no wait at all, as {@code 0} is.
     * Anything else is treated as absent.
     */
    private static Duration parseRetryAfter(String header, Instant now) {
        if (header == null) {
            return null;
        }
        String seconds = header.trim();
        if (seconds.isEmpty()) {
            return null;
        }
        if (!seconds.chars().allMatch(Character::isDigit)) {
            return parseHttpDate(seconds, now).map(date -> until(now, date)).orElse(null);
        }
        if (seconds.length() > 12) {
            return LONGEST;
        }
        Duration wait = Duration.ofSeconds(Long.parseLong(seconds));
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }

    private static Optional<Instant> parseHttpDate(String value, Instant now) {
        for (DateTimeFormatter format : HTTP_DATES) {
            try {
                ZonedDateTime date = ZonedDateTime.parse(withoutLongWeekday(value), format);
                // RFC 850's two-digit year: one more than 50 years ahead is of the century before (RFC 9110)
                if (date.isAfter(now.atZone(ZoneOffset.UTC).plusYears(50))) {
                    date = date.minusYears(100);
                }
                return Optional.of(date.toInstant());
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        return Optional.empty();
    }

    /** {@code Sunday, 06-Nov-94 ...} without its weekday; any other form unchanged. */
    private static String withoutLongWeekday(String value) {
        int comma = value.indexOf(", ");
        return comma > 3 && value.indexOf('-') > comma ? value.substring(comma + 2) : value;
    }

    private static Duration until(Instant now, Instant date) {
        Duration wait = Duration.between(now, date);
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}

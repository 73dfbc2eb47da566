package io.imhook.dispatch.after;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which non-2xx answers to an after-callback are tried again, and how long the business server asked to wait. */
class DeliveryFailureTest {

    @ParameterizedTest(name = "HTTP {0} retryable: {1}")
    @CsvSource({ "429,true", "500,true", "502,true", "503,true", "599,true",
            "300,false", "307,false", "400,false", "404,false", "410,false", "499,false" })
    void serverErrorsAndTooManyRequestsAreRetried(int status, boolean retryable) {
        DeliveryFailure failure = DeliveryFailure.ofStatus(status, null);
        assertThat(failure.retryable()).isEqualTo(retryable);
        assertThat(failure).hasMessage("business server answered HTTP " + status);
    }

    @ParameterizedTest(name = "[{0}] is {1} s")
    @CsvSource({ "120,120", "' 7 ',7", "0,0" })
    void retryAfterInSecondsIsRead(String header, long seconds) {
        assertThat(DeliveryFailure.ofStatus(503, header).retryAfter()).hasValue(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "[{0}]")
    @NullSource
    @ValueSource(strings = { "", "-1", "1.5", "soon", "Wed, 21 Oct 2015 07:28", "2015-10-21T07:28:00Z",
            "Wed, 32 Oct 2015 07:28:00 GMT" })
    void retryAfterThatIsNeitherSecondsNorAnHttpDateIsTreatedAsAbsent(String header) {
        assertThat(DeliveryFailure.ofStatus(429, header).retryAfter()).isEmpty();
    }

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");

    @ParameterizedTest(name = "[{0}] is {1} s from now")
    @CsvSource(delimiter = '|', value = {
            // IMF-fixdate, the form RFC 9110 says to send
            "Mon, 07 Dec 2026 06:00:04 GMT|4",
            "  Mon, 07 Dec 2026 06:02:00 GMT |120",
            // the obsolete forms a recipient must still accept: RFC 850 and asctime
            "Monday, 07-Dec-26 06:00:04 GMT|4",
            "Mon Dec  7 06:00:04 2026|4",
            "Mon, 07 Dec 2026 06:00:00 GMT|0" })
    void retryAfterAsAnHttpDateIsTheTimeUntilThen(String header, long seconds) {
        assertThat(DeliveryFailure.ofStatus(503, header, NOW).retryAfter()).hasValue(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "[{0}] is no wait")
    @ValueSource(strings = { "Wed, 21 Oct 2015 07:28:00 GMT", "Mon, 07 Dec 2026 05:59:59 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994" })
    void anHttpDateInThePastMeansRetryNow(String header) {
        assertThat(DeliveryFailure.ofStatus(503, header, NOW).retryAfter()).hasValue(Duration.ZERO);
    }

    @Test
    void anHttpDateYearsAheadSaturatesAtAYear() {
        assertThat(DeliveryFailure.ofStatus(429, "Fri, 31 Dec 9999 23:59:59 GMT", NOW).retryAfter())
                .hasValue(Duration.ofDays(365));
    }

    @ParameterizedTest(name = "[{0}] saturates at a year")
    @ValueSource(strings = { "99999999999", "9223372036854775807", "123456789012345678901234567890" })
    void hugeRetryAfterSaturatesInsteadOfOverflowing(String header) {
        assertThat(DeliveryFailure.ofStatus(503, header).retryAfter()).hasValue(Duration.ofDays(365));
    }

    @Test
    void finalFailuresIgnoreRetryAfter() {
        DeliveryFailure failure = DeliveryFailure.ofStatus(400, "5");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.retryAfter()).isEmpty();
    }
}

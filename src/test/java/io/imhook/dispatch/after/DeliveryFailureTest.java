package io.imhook.dispatch.after;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

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
    @ValueSource(strings = { "", "-1", "1.5", "soon", "Wed, 21 Oct 2015 07:28:00 GMT" })
    void retryAfterThatIsNotWholeSecondsIsTreatedAsAbsent(String header) {
        assertThat(DeliveryFailure.ofStatus(429, header).retryAfter()).isEmpty();
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

package io.imhook.dispatch.after;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import io.imhook.dispatch.DispatchConfig.RetryConfig;

/** The delays between after-callback delivery attempts. */
class RetryScheduleTest {

    private record Retry(int maxRetries, Duration initialDelay, double factor, Duration maxDelay, double jitter)
            implements RetryConfig {
    }

    private static final Retry NO_JITTER = new Retry(10, Duration.ofSeconds(1), 2, Duration.ofSeconds(5), 0);
    private static final Throwable SERVER_ERROR = DeliveryFailure.ofStatus(500, null);

    private static List<Long> delays(RetrySchedule schedule, Throwable failure, int count) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            delays.add(schedule.nextDelayInMillis(failure));
        }
        return delays;
    }

    @Test
    void delaysGrowByTheFactorUpToTheCap() {
        assertThat(delays(new RetrySchedule(NO_JITTER), SERVER_ERROR, 6))
                .containsExactly(1000L, 2000L, 4000L, 5000L, 5000L, 5000L);
    }

    @Test
    void transportFailuresFollowTheSameSchedule() {
        assertThat(delays(new RetrySchedule(NO_JITTER), new ConnectException("Connection refused"), 3))
                .containsExactly(1000L, 2000L, 4000L);
    }

    @Test
    void factorOneKeepsTheDelayConstant() {
        Retry constant = new Retry(3, Duration.ofMillis(250), 1, Duration.ofSeconds(5), 0);
        assertThat(delays(new RetrySchedule(constant), SERVER_ERROR, 4)).containsOnly(250L);
    }

    @Test
    void eachDeliveryStartsItsOwnSchedule() {
        RetrySchedule first = new RetrySchedule(NO_JITTER);
        delays(first, SERVER_ERROR, 3);
        assertThat(new RetrySchedule(NO_JITTER).nextDelayInMillis(SERVER_ERROR)).isEqualTo(1000L);
    }

    @RepeatedTest(20)
    void jitterOnlyShortensADelayByUpToItsShare() {
        Retry jittered = new Retry(10, Duration.ofSeconds(1), 2, Duration.ofSeconds(60), 0.2);
        List<Long> delays = delays(new RetrySchedule(jittered), SERVER_ERROR, 3);
        assertThat(delays.get(0)).isBetween(800L, 1000L);
        assertThat(delays.get(1)).isBetween(1600L, 2000L);
        assertThat(delays.get(2)).isBetween(3200L, 4000L);
    }

    @Test
    void retryAfterReplacesTheNextDelayWithoutAdvancingTheSchedule() {
        RetrySchedule schedule = new RetrySchedule(NO_JITTER);
        assertThat(schedule.nextDelayInMillis(SERVER_ERROR)).isEqualTo(1000L);
        assertThat(schedule.nextDelayInMillis(DeliveryFailure.ofStatus(503, "3"))).isEqualTo(3000L);
        assertThat(schedule.nextDelayInMillis(SERVER_ERROR)).isEqualTo(2000L);
    }

    @Test
    void retryAfterIsCappedAtTheMaximumDelay() {
        assertThat(new RetrySchedule(NO_JITTER).nextDelayInMillis(DeliveryFailure.ofStatus(429, "120")))
                .isEqualTo(5000L);
    }

    @Test
    void retryAfterAsAnHttpDateIsCappedAtTheMaximumDelayAsSecondsAre() {
        java.time.Instant now = java.time.Instant.parse("2026-12-07T06:00:00Z");
        RetrySchedule schedule = new RetrySchedule(NO_JITTER);
        assertThat(schedule.nextDelayInMillis(DeliveryFailure.ofStatus(503, "Mon, 07 Dec 2026 06:00:03 GMT", now)))
                .isEqualTo(3000L);
        assertThat(schedule.nextDelayInMillis(DeliveryFailure.ofStatus(503, "Mon, 07 Dec 2026 07:00:00 GMT", now)))
                .isEqualTo(5000L);
        // a date in the past: at once, the least the schedule ever waits
        assertThat(schedule.nextDelayInMillis(DeliveryFailure.ofStatus(503, "Mon, 07 Dec 2026 05:00:00 GMT", now)))
                .isZero();
    }

    @Test
    void aHugeRetryAfterSaturatesAtTheMaximumDelay() {
        assertThat(new RetrySchedule(NO_JITTER).nextDelayInMillis(
                DeliveryFailure.ofStatus(503, "123456789012345678901234567890"))).isEqualTo(5000L);
    }

    @Test
    void retryAfterIsNotJittered() {
        Retry jittered = new Retry(10, Duration.ofSeconds(1), 2, Duration.ofSeconds(60), 0.9);
        assertThat(new RetrySchedule(jittered).nextDelayInMillis(DeliveryFailure.ofStatus(503, "2")))
                .isEqualTo(2000L);
    }
}

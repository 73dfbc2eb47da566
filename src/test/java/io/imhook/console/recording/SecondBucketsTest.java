package io.imhook.console.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SecondBucketsTest {

    private static final long MS = 1_000_000;

    @Test
    void countsEachSecondByOutcome() {
        SecondBuckets buckets = new SecondBuckets(5);
        buckets.record(100, ConsoleOutcome.ALLOWED, MS);
        buckets.record(100, ConsoleOutcome.ALLOWED, MS);
        buckets.record(102, ConsoleOutcome.DENIED, MS);
        buckets.record(103, ConsoleOutcome.QUEUED, -1);

        SecondBuckets.Series series = buckets.series(103);

        assertThat(series.epochSeconds()).containsExactly(99, 100, 101, 102, 103);
        assertThat(series.counts()[ConsoleOutcome.ALLOWED.ordinal()]).containsExactly(0, 2, 0, 0, 0);
        assertThat(series.counts()[ConsoleOutcome.DENIED.ordinal()]).containsExactly(0, 0, 0, 1, 0);
        assertThat(series.counts()[ConsoleOutcome.QUEUED.ordinal()]).containsExactly(0, 0, 0, 0, 1);
        assertThat(series.p50Millis()[4]).as("no call made that second").isNull();
    }

    @Test
    void aSlotIsReusedForANewSecondAndOldDataIsGone() {
        SecondBuckets buckets = new SecondBuckets(3);
        buckets.record(10, ConsoleOutcome.ALLOWED, MS);
        buckets.record(13, ConsoleOutcome.SKIPPED, -1);

        SecondBuckets.Series series = buckets.series(13);

        assertThat(series.epochSeconds()).containsExactly(11, 12, 13);
        assertThat(series.counts()[ConsoleOutcome.ALLOWED.ordinal()]).containsExactly(0, 0, 0);
        assertThat(series.counts()[ConsoleOutcome.SKIPPED.ordinal()]).containsExactly(0, 0, 1);
        buckets.record(10, ConsoleOutcome.DENIED, MS);
        assertThat(buckets.series(13).counts()[ConsoleOutcome.DENIED.ordinal()]).as("a late second is dropped")
                .containsExactly(0, 0, 0);
    }

    @Test
    void percentilesFollowTheLatencies() {
        SecondBuckets buckets = new SecondBuckets(2);
        for (int i = 0; i < 98; i++) {
            buckets.record(50, ConsoleOutcome.ALLOWED, 3 * MS);
        }
        buckets.record(50, ConsoleOutcome.FAILED_PROCEEDED, 900 * MS);
        buckets.record(50, ConsoleOutcome.FAILED_PROCEEDED, 900 * MS);

        SecondBuckets.Series series = buckets.series(50);

        // 3 ms lies in [2.048, 4.096) ms, 900 ms in [524, 1048) ms
        assertThat(series.p50Millis()[1]).isBetween(2.0, 4.1);
        assertThat(series.p99Millis()[1]).isBetween(524.0, 1049.0);
    }

    @Test
    void percentileOfAnEmptyHistogramIsNullAndOfOneBucketInterpolated() {
        long[] histogram = new long[SecondBuckets.LATENCY_BUCKETS];
        assertThat(SecondBuckets.percentileMillis(histogram, 0.5)).isNull();
        histogram[SecondBuckets.latencyBucket(1500 * 1000L)] = 10;
        // 1.5 ms lies in [1.024, 2.048) ms; the median is half way
        assertThat(SecondBuckets.percentileMillis(histogram, 0.5)).isCloseTo(1.536, within(0.001));
    }
}

package io.imhook.console.recording;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Decisions per second for the last {@code seconds} seconds: counts by outcome and a latency histogram per second,
 * in one preallocated array, so recording allocates nothing and takes no lock. Each second's cells start with the
 * second they count; the first writer of a new second claims the slot and clears it. A count made by another
 * thread in the instant between that claim and the clearing is lost: a second's turn is not worth a lock on
 * every decision.
 * <p>
 * Latencies fall into powers of two of microseconds (1 µs, 2 µs, 4 µs, ... about 35 min); a percentile is
 * interpolated within its bucket, which is close enough to tell 5 ms from 50 ms on a chart.
 */
public final class SecondBuckets {

    static final int LATENCY_BUCKETS = 32;
    private static final int OUTCOMES = ConsoleOutcome.all().length;
    private static final int COUNTS = 1;
    private static final int LATENCIES = COUNTS + OUTCOMES;
    private static final int STRIDE = LATENCIES + LATENCY_BUCKETS;

    private final int seconds;
    private final AtomicLongArray cells;

    public SecondBuckets(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be at least 1, was " + seconds);
        }
        this.seconds = seconds;
        this.cells = new AtomicLongArray(seconds * STRIDE);
        for (int slot = 0; slot < seconds; slot++) {
            cells.set(slot * STRIDE, -1);
        }
    }

    /**
     * Counts one decision in {@code epochSecond}.
     *
     * @param latencyNanos its round trip, or negative for a decision that made no call (not in the percentiles)
     */
    public void record(long epochSecond, ConsoleOutcome outcome, long latencyNanos) {
        int base = claim(epochSecond);
        if (base < 0) {
            return;
        }
        cells.incrementAndGet(base + COUNTS + outcome.ordinal());
        if (latencyNanos >= 0) {
            cells.incrementAndGet(base + LATENCIES + latencyBucket(latencyNanos));
        }
    }

    /** The slot's first cell for {@code epochSecond}, claimed and cleared when it still held an older second. */
    private int claim(long epochSecond) {
        int base = (int) Math.floorMod(epochSecond, (long) seconds) * STRIDE;
        while (true) {
            long held = cells.get(base);
            if (held == epochSecond) {
                return base;
            }
            if (held > epochSecond) {
                return -1;
            }
            if (cells.compareAndSet(base, held, epochSecond)) {
                for (int cell = base + 1; cell < base + STRIDE; cell++) {
                    cells.set(cell, 0);
                }
                return base;
            }
        }
    }

    static int latencyBucket(long nanos) {
        long micros = nanos / 1000;
        return Math.min(LATENCY_BUCKETS - 1, 64 - Long.numberOfLeadingZeros(micros));
    }

    /** The bucket's lower and upper bound in microseconds: [0, 1) for 0, else [2^(b-1), 2^b). */
    private static double lowerMicros(int bucket) {
        return bucket == 0 ? 0 : Math.pow(2, bucket - 1);
    }

    private static double upperMicros(int bucket) {
        return Math.pow(2, bucket);
    }

    /** The last {@code seconds} seconds up to {@code nowEpochSecond}, oldest first; a second without data is 0. */
    public Series series(long nowEpochSecond) {
        long first = nowEpochSecond - seconds + 1;
        long[] times = new long[seconds];
        long[][] counts = new long[OUTCOMES][seconds];
        Double[] p50 = new Double[seconds];
        Double[] p99 = new Double[seconds];
        long[] histogram = new long[LATENCY_BUCKETS];
        for (int i = 0; i < seconds; i++) {
            long second = first + i;
            times[i] = second;
            int base = (int) Math.floorMod(second, (long) seconds) * STRIDE;
            if (cells.get(base) != second) {
                continue;
            }
            for (int outcome = 0; outcome < OUTCOMES; outcome++) {
                counts[outcome][i] = cells.get(base + COUNTS + outcome);
            }
            for (int bucket = 0; bucket < LATENCY_BUCKETS; bucket++) {
                histogram[bucket] = cells.get(base + LATENCIES + bucket);
            }
            p50[i] = percentileMillis(histogram, 0.50);
            p99[i] = percentileMillis(histogram, 0.99);
        }
        return new Series(times, counts, p50, p99);
    }

    /** The {@code quantile} of a histogram in milliseconds, interpolated within its bucket; null when empty. */
    static Double percentileMillis(long[] histogram, double quantile) {
        long total = 0;
        for (long count : histogram) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        double rank = quantile * total;
        long below = 0;
        for (int bucket = 0; bucket < histogram.length; bucket++) {
            long count = histogram[bucket];
            if (count > 0 && below + count >= rank) {
                double within = (rank - below) / count;
                double lower = lowerMicros(bucket);
                return (lower + within * (upperMicros(bucket) - lower)) / 1000;
            }
            below += count;
        }
        return upperMicros(histogram.length - 1) / 1000;
    }

    /**
     * The chart data: per second, its epoch second, the count of each outcome (indexed by
     * {@link ConsoleOutcome#ordinal()}) and the latency percentiles in ms (null in a second without calls).
     */
    public record Series(long[] epochSeconds, long[][] counts, Double[] p50Millis, Double[] p99Millis) {
    }
}

package io.imhook.dispatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import io.imhook.logging.LogThrottle;

/**
 * The WARN lines of failed before-callbacks, at most one per key and reason per interval: the first failure of a
 * (key, reason) is logged in full, the ones after it within the interval are counted and summed up in one line
 * (with the latest's operationID) once the interval has passed. With the breaker open, every decision fails, and a
 * line per failure was about 10,000 lines per second; the metrics still count every one.
 */
final class FailedDecisionLog {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    /** The (key, reason) pairs seen, a fixed set: 23 before-callbacks times the failure reasons. */
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    private final long intervalNanos;
    private final LongSupplier nanoTime;

    FailedDecisionLog(long intervalMillis, LongSupplier nanoTime) {
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.nanoTime = nanoTime;
    }

    /** Logs {@code decision}'s failure now, or counts it for the next summary of its (key, reason). */
    void failed(Decision decision, Ingress ingress) {
        Pair pair = pairs.computeIfAbsent(decision.key() + '\u0000' + decision.reason().wireName(),
                ignored -> new Pair(decision.key(), decision.reason().wireName(),
                        new LogThrottle(intervalNanos, nanoTime)));
        if (pair.throttle.tryAcquire()) {
            long suppressed = pair.suppressed.getAndSet(0);
            if (suppressed > 0) {
                summary(pair, suppressed);
            }
            LOG.warnf("before-callback %s operationID=%s via %s failed (%s, %s): %s", decision.key(),
                    decision.operationID(), ingress.wireName(), decision.reason().wireName(),
                    decision.proceed() ? "proceeds: failedContinue" : "blocked with " + decision.errCode(),
                    decision.detail());
        } else {
            pair.suppressed.incrementAndGet();
            pair.latest.set(decision.operationID());
        }
    }

    /** Sums up every pair with failures not logged yet whose interval has passed; called every interval. */
    void flush() {
        for (Pair pair : pairs.values()) {
            if (pair.suppressed.get() > 0 && pair.throttle.tryAcquire()) {
                summary(pair, pair.suppressed.getAndSet(0));
            }
        }
    }

    private void summary(Pair pair, long suppressed) {
        LOG.warnf("before-callback %s failed (%s) %d more time(s) since its last line, the latest operationID=%s "
                + "(imhook_callbacks_total counts every one)", pair.key, pair.reason, suppressed, pair.latest.get());
    }

    private static final class Pair {
        final String key;
        final String reason;
        final LogThrottle throttle;
        final AtomicLong suppressed = new AtomicLong();
        final AtomicReference<String> latest = new AtomicReference<>();

        Pair(String key, String reason, LogThrottle throttle) {
            this.key = key;
            this.reason = reason;
            this.throttle = throttle;
        }
    }
}

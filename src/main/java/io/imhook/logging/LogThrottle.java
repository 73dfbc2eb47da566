package io.imhook.logging;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most one log line per interval for a thing that can happen thousands of times a second (a wrong gateway url,
 * a failing business server, a disagreeing shadow): {@link #tryAcquire()} is true for the first call and then for
 * the first call after each interval, whichever thread makes it. Lock-free; the metrics still count every event.
 */
public final class LogThrottle {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextAt;

    public LogThrottle(long intervalNanos) {
        this(intervalNanos, System::nanoTime);
    }

    /** @param nanoTime the clock, {@link System#nanoTime()} but in tests */
    public LogThrottle(long intervalNanos, LongSupplier nanoTime) {
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
        this.nextAt = new AtomicLong(nanoTime.getAsLong());
    }

    /** Whether a line may be written now; if so, the next one may not before the interval has passed. */
    public boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        long due = nextAt.get();
        return now - due >= 0 && nextAt.compareAndSet(due, now + intervalNanos);
    }
}

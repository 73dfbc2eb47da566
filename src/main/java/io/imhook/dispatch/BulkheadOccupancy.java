package io.imhook.dispatch;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * How many before-callbacks one base url's bulkhead holds: in flight (holding a slot) and waiting (queued for
 * one). SmallRye FT's programmatic guards keep their bulkhead counts private, and its metrics cost more on the hot
 * path than two counters.
 */
final class BulkheadOccupancy {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * Runs {@code guarded}, which hands the exchange it is given to the bulkhead, counting the call as waiting
     * until the bulkhead starts the exchange and as in flight until that ends (or is cancelled).
     */
    <T> Uni<T> counted(Function<Supplier<Uni<T>>, Uni<T>> guarded, Supplier<Uni<T>> exchange) {
        return Uni.createFrom().deferred(() -> {
            waiting.incrementAndGet();
            AtomicBoolean queued = new AtomicBoolean(true);
            Runnable leaveQueue = () -> {
                if (queued.compareAndSet(true, false)) {
                    waiting.decrementAndGet();
                }
            };
            Supplier<Uni<T>> started = () -> {
                leaveQueue.run();
                inFlight.incrementAndGet();
                AtomicBoolean running = new AtomicBoolean(true);
                Runnable end = () -> {
                    if (running.compareAndSet(true, false)) {
                        inFlight.decrementAndGet();
                    }
                };
                try {
                    return exchange.get().onTermination().invoke(end);
                } catch (RuntimeException e) {
                    end.run();
                    throw e;
                }
            };
            try {
                return guarded.apply(started).onTermination().invoke(leaveQueue);
            } catch (RuntimeException e) {
                leaveQueue.run();
                throw e;
            }
        });
    }

    int inFlight() {
        return inFlight.get();
    }

    int waiting() {
        return waiting.get();
    }
}

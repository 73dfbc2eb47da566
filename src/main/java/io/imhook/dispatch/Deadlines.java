package io.imhook.dispatch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/**
 * A callback's {@code timeout}, with the semantics of Fault Tolerance's {@code @Timeout}: when the action has not
 * ended in time it is cancelled and the Uni fails with its {@link TimeoutException}, which the circuit breaker
 * around it counts as a failure. The timer is a Vert.x timer of the caller's event loop, where the exchange runs:
 * SmallRye's own timeout schedules on its timer thread, and waking that thread for every exchange and coming back
 * to the event loop cost about a tenth of the dispatch path's CPU (async-profiler, itimer).
 */
@Singleton
public class Deadlines {

    private final Vertx vertx;

    public Deadlines(Vertx vertx) {
        this.vertx = vertx;
    }

    /** {@code action}'s item or failure, or a {@link TimeoutException} when it has neither after {@code timeout}. */
    public <T> Uni<T> within(Duration timeout, Supplier<Uni<T>> action) {
        long millis = Math.max(1, timeout.toMillis());
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean ended = new AtomicBoolean();
            Cancellable[] running = new Cancellable[1];
            long timer = vertx.setTimer(millis, fired -> {
                if (ended.compareAndSet(false, true)) {
                    if (running[0] != null) {
                        running[0].cancel();
                    }
                    emitter.fail(new TimeoutException("no answer within " + millis + " ms"));
                }
            });
            emitter.onTermination(() -> {
                // a cancelled caller: the exchange stops too, as under @Timeout
                if (ended.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    if (running[0] != null) {
                        running[0].cancel();
                    }
                }
            });
            Uni<T> started;
            try {
                started = action.get();
            } catch (RuntimeException e) {
                started = Uni.createFrom().failure(e);
            }
            running[0] = started.subscribe().with(item -> {
                if (ended.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    emitter.complete(item);
                }
            }, failure -> {
                if (ended.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    emitter.fail(failure);
                }
            });
            if (ended.get() && running[0] != null) {
                // the timer fired, or the caller left, before the exchange had a subscription to cancel
                running[0].cancel();
            }
        });
    }
}

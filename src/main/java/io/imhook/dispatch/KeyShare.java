package io.imhook.dispatch;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * One callback key's share of its url's bulkhead ({@code per-key-share}): at most {@code limit} of the key's calls
 * are handed on to the url's guard at a time, {@code queueSize} more wait here in arrival order, the rest fail at
 * once with {@link KeyShareFullException}, a {@link BulkheadException}. The semantics of a SmallRye bulkhead, kept
 * as a counter and a queue: on a Vert.x event loop every SmallRye guard hands its action and then its result back to
 * the event loop as two tasks, each with a context capture, and a second guard per exchange doubled that.
 * <p>
 * A waiting call is started by the call that frees its slot, on that call's thread; it is handed back to its own
 * Vert.x context first, so that its exchange runs where it came in (the url guard remembers that event loop).
 */
final class KeyShare {

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    private final int limit;
    private final int queueSize;
    /** Calls handed on and not ended yet; guarded by {@code this}, as is {@link #waiting}. */
    private int admitted;
    private final ArrayDeque<Call<?>> waiting = new ArrayDeque<>();

    KeyShare(int limit, int queueSize) {
        this.limit = limit;
        this.queueSize = queueSize;
    }

    /**
     * One key's share of a url's bulkhead: at least one call in flight and one waiting, and no more than the url
     * allows.
     */
    static KeyShare of(DispatchConfig.BulkheadConfig bulkhead) {
        double share = Math.min(1, Math.max(0, bulkhead.perKeyShare()));
        return new KeyShare(Math.max(1, (int) Math.ceil(bulkhead.limit() * share)),
                Math.max(1, (int) Math.ceil(bulkhead.queueSize() * share)));
    }

    /** {@code action}'s item or failure once the key has room; cancelling it frees the key's slot or place. */
    <T> Uni<T> run(Supplier<Uni<T>> action) {
        return Uni.createFrom().emitter(emitter -> {
            Call<T> call = new Call<>(action, emitter, Vertx.currentContext());
            emitter.onTermination(call::cancel);
            boolean start;
            synchronized (this) {
                start = admitted < limit;
                if (start) {
                    admitted++;
                } else if (waiting.size() < queueSize) {
                    waiting.add(call);
                } else {
                    call.state.set(DONE);
                    emitter.fail(new KeyShareFullException());
                    return;
                }
            }
            if (start) {
                call.start();
            }
        });
    }

    /** An ended call's slot goes to the longest waiting call, if any. */
    private void release() {
        Call<?> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                admitted--;
                return;
            }
        }
        next.startOnItsContext();
    }

    private synchronized boolean leaveQueue(Call<?> call) {
        return waiting.remove(call);
    }

    private final class Call<T> {

        final AtomicInteger state = new AtomicInteger(QUEUED);
        private final Supplier<Uni<T>> action;
        private final UniEmitter<? super T> emitter;
        private final Context context;
        private volatile Cancellable running;

        Call(Supplier<Uni<T>> action, UniEmitter<? super T> emitter, Context context) {
            this.action = action;
            this.emitter = emitter;
            this.context = context;
        }

        void startOnItsContext() {
            if (context == null || context == Vertx.currentContext()) {
                start();
            } else {
                context.runOnContext(ignored -> start());
            }
        }

        void start() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                // cancelled after the slot was handed to it: the slot goes on
                release();
                return;
            }
            Uni<T> started;
            try {
                started = action.get();
            } catch (RuntimeException e) {
                started = Uni.createFrom().failure(e);
            }
            running = started.subscribe().with(item -> {
                if (state.compareAndSet(RUNNING, DONE)) {
                    release();
                    emitter.complete(item);
                }
            }, failure -> {
                if (state.compareAndSet(RUNNING, DONE)) {
                    release();
                    emitter.fail(failure);
                }
            });
            if (state.get() == DONE) {
                // cancelled while it subscribed: the action stops too
                running.cancel();
            }
        }

        void cancel() {
            int was = state.getAndSet(DONE);
            if (was == QUEUED) {
                if (!leaveQueue(this)) {
                    // release() has just taken it from the queue: start() will see DONE and pass the slot on
                    return;
                }
            } else if (was == RUNNING) {
                Cancellable subscription = running;
                if (subscription != null) {
                    subscription.cancel();
                }
                release();
            }
        }
    }

    /** The key has taken its share of the url's slots and queue. */
    static final class KeyShareFullException extends BulkheadException {
        KeyShareFullException() {
            super("the callback key has taken its share of the url's bulkhead (per-key-share)");
        }
    }
}

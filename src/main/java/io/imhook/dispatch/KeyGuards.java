package io.imhook.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;

import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhooksSnapshot;
import io.smallrye.mutiny.Uni;

/**
 * The per-key guards of one {@link WebhooksSnapshot}: a before-callback's fallback ({@code failedContinue}) and
 * timeout, an after-callback's timed delivery attempt. They hold no state, so a reload simply builds a new set; a
 * callback in flight keeps the set of the snapshot it started with.
 * <p>
 * The fallback is a Mutiny recovery and the timeout a {@link Deadlines} timer: both keep Fault Tolerance's
 * {@code @Fallback} and {@code @Timeout} semantics (every failure becomes the {@code failedContinue} decision; a
 * late exchange is cancelled and fails with Fault Tolerance's {@code TimeoutException}), without a SmallRye guard
 * layer, its Mutiny adapter and its timer thread on every exchange.
 */
final class KeyGuards {

    static final TypeLiteral<Uni<Verdict>> VERDICT = new TypeLiteral<>() {
    };

    private final WebhooksSnapshot snapshot;
    private final Deadlines deadlines;
    private final Map<String, CallbackSettings> callbacks = new HashMap<>();

    KeyGuards(WebhooksSnapshot snapshot, Deadlines deadlines) {
        this.snapshot = snapshot;
        this.deadlines = deadlines;
        for (CallbackSettings callback : snapshot.all().values()) {
            callbacks.put(callback.type().key(), callback);
        }
    }

    WebhooksSnapshot snapshot() {
        return snapshot;
    }

    /** {@code guarded}'s verdict, or the {@code failedContinue} decision of {@code key} for any failure of it. */
    Uni<Verdict> withFallback(String key, Uni<Verdict> guarded) {
        CallbackSettings callback = callbacks.get(key);
        return guarded.onFailure().recoverWithItem(failure -> Verdict.failed(
                CallbackGuards.asExchangeFailure(failure, callback.timeout()), callback.failedContinue()));
    }

    /** {@code action} under {@code key}'s timeout. */
    <T> Uni<T> withTimeout(String key, Supplier<Uni<T>> action) {
        return deadlines.within(timeout(key), action);
    }

    private Duration timeout(String key) {
        return callbacks.get(key).timeout();
    }
}

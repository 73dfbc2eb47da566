package io.imhook.dispatch;

import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.util.TypeLiteral;

import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhooksSnapshot;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * The per-key guards of one {@link WebhooksSnapshot}: a before-callback's fallback ({@code failedContinue}) and
 * timeout, an after-callback's timed delivery attempt. They hold no state, so a reload simply builds a new set; a
 * callback in flight keeps the set of the snapshot it started with.
 */
final class KeyGuards {

    static final TypeLiteral<Uni<Verdict>> VERDICT = new TypeLiteral<>() {
    };
    static final TypeLiteral<Uni<Integer>> STATUS = new TypeLiteral<>() {
    };

    private final WebhooksSnapshot snapshot;
    private final Map<String, TypedGuard<Uni<Verdict>>> fallbacks = new HashMap<>();
    private final Map<String, TypedGuard<Uni<Verdict>>> timeouts = new HashMap<>();
    private final Map<String, TypedGuard<Uni<Integer>>> deliveries = new HashMap<>();

    KeyGuards(WebhooksSnapshot snapshot, DispatchConfig config) {
        this.snapshot = snapshot;
        for (CallbackSettings callback : snapshot.all().values()) {
            String key = callback.type().key();
            if (callback.type().isBefore()) {
                fallbacks.put(key, fallback(callback));
                timeouts.put(key, TypedGuard.create(VERDICT).withDescription(key)
                        .withTimeout().duration(callback.timeout().toMillis(), ChronoUnit.MILLIS).done()
                        .withThreadOffload(false)
                        .build());
            } else {
                deliveries.put(key, delivery(callback));
            }
        }
    }

    /**
     * Runs an answered exchange through each before-callback's fallback and timeout. SmallRye builds a guard on
     * its first call, and the first call of all also loads its timer and event-loop support: tens of milliseconds
     * (more on a loaded machine) that the very first before-callback spent before its timer even started.
     */
    void warmUp() {
        timeouts.forEach((key, timeout) -> fallbacks.get(key)
                .get(() -> timeout.get(() -> Uni.createFrom().item(Verdict.queued()))).await().indefinitely());
        // and a timeout that fires, into a fallback: the path of a business server that does not answer
        TypedGuard<Uni<Verdict>> expiring = TypedGuard.create(VERDICT).withDescription("warm-up")
                .withTimeout().duration(1, ChronoUnit.MILLIS).done()
                .withThreadOffload(false)
                .build();
        fallbacks.values().stream().findFirst().ifPresent(fallback -> fallback
                .get(() -> expiring.get(() -> Uni.createFrom().nothing())).await().indefinitely());
    }

    WebhooksSnapshot snapshot() {
        return snapshot;
    }

    TypedGuard<Uni<Verdict>> fallback(String key) {
        return fallbacks.get(key);
    }

    TypedGuard<Uni<Verdict>> timeout(String key) {
        return timeouts.get(key);
    }

    TypedGuard<Uni<Integer>> delivery(String key) {
        return deliveries.get(key);
    }

    private static TypedGuard<Uni<Verdict>> fallback(CallbackSettings callback) {
        return TypedGuard.create(VERDICT)
                .withDescription(callback.type().key())
                .withFallback()
                .handler(failure -> Uni.createFrom().item(Verdict.failed(
                        CallbackGuards.asExchangeFailure(failure, callback.timeout()), callback.failedContinue())))
                .done()
                .withThreadOffload(false)
                .build();
    }

    /**
     * One after-callback delivery attempt under the key's timeout. Retries are not run here: the after-queue keeps
     * a retried event as data with the time of its next attempt, so that no worker waits out a delay.
     */
    private static TypedGuard<Uni<Integer>> delivery(CallbackSettings callback) {
        return TypedGuard.create(STATUS)
                .withDescription(callback.type().key())
                .withTimeout().duration(callback.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withThreadOffload(false)
                .build();
    }
}

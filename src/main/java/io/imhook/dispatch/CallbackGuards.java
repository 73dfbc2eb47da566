package io.imhook.dispatch;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;

import io.imhook.callback.CallbackType;
import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhookSettings;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * SmallRye Fault Tolerance guards, one per before-callback key, built from {@code webhooks.yml}: the key's
 * {@code timeout}, and a fallback that turns any failed exchange into the {@code failedContinue} decision.
 */
@Singleton
public class CallbackGuards {

    private static final TypeLiteral<Uni<Verdict>> VERDICT = new TypeLiteral<>() {
    };

    private static final TypeLiteral<Uni<Integer>> STATUS = new TypeLiteral<>() {
    };

    private final Map<String, TypedGuard<Uni<Verdict>>> beforeGuards = new HashMap<>();
    private final Map<String, TypedGuard<Uni<Integer>>> afterGuards = new HashMap<>();

    public CallbackGuards(WebhookSettings settings) {
        for (CallbackSettings callback : settings.all().values()) {
            if (callback.type().isBefore()) {
                beforeGuards.put(callback.type().key(), beforeGuard(callback));
            } else {
                afterGuards.put(callback.type().key(), afterGuard(callback));
            }
        }
    }

    /** Runs one before-callback exchange under its key's timeout and failedContinue fallback. */
    public Uni<Verdict> guardedBefore(CallbackType type, Supplier<Uni<Verdict>> exchange) {
        return beforeGuards.get(type.key()).get(exchange);
    }

    /** Runs one after-callback delivery under its key's timeout; the Uni fails on timeout. */
    public Uni<Integer> guardedAfter(CallbackType type, Supplier<Uni<Integer>> delivery) {
        return afterGuards.get(type.key()).get(delivery);
    }

    private static TypedGuard<Uni<Integer>> afterGuard(CallbackSettings callback) {
        return TypedGuard.create(STATUS)
                .withDescription(callback.type().key())
                .withTimeout().duration(callback.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    private static TypedGuard<Uni<Verdict>> beforeGuard(CallbackSettings callback) {
        Duration timeout = callback.timeout();
        return TypedGuard.create(VERDICT)
                .withDescription(callback.type().key())
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                .withFallback()
                .handler(failure -> Uni.createFrom().item(
                        Verdict.failed(asExchangeFailure(failure, timeout), callback.failedContinue())))
                .done()
                .build();
    }

    /** Classifies whatever ended an exchange: a timeout, a transport error, or a bad answer. */
    static ExchangeFailure asExchangeFailure(Throwable failure, Duration timeout) {
        if (failure instanceof ExchangeFailure exchangeFailure) {
            return exchangeFailure;
        }
        if (failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                || failure instanceof TimeoutException
                || failure.getClass().getSimpleName().contains("Timeout")) {
            return ExchangeFailure.network(Reason.TIMEOUT, "no reply within " + timeout.toMillis() + " ms");
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return ExchangeFailure.network(Reason.CONNECT, message);
    }
}

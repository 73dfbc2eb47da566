package io.imhook.dispatch;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.imhook.callback.CallbackType;
import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhookSettings;
import io.imhook.dispatch.DispatchConfig.CircuitBreakerConfig;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * The SmallRye Fault Tolerance guards of every exchange, built from {@code webhooks.yml} and
 * {@code imhook.dispatch}.
 * <p>
 * A before-callback runs through three layers: per key, a fallback that turns any failure into the
 * {@code failedContinue} decision; per business-server base url, a circuit breaker and a bulkhead shared by all
 * keys; per key again, the {@code timeout}. The timeout sits inside the breaker so that timeouts count as failures.
 * An after-callback delivery attempt runs under its key's timeout; the after-queue schedules retries.
 * <p>
 * Each breaker is named {@link #breakerName(String)}, so that {@link CircuitBreakerMaintenance} can read and reset
 * it: SmallRye keeps unnamed breakers out of its registry.
 */
@Singleton
public class CallbackGuards {

    private static final Logger LOG = Logger.getLogger(CallbackGuards.class);
    private static final TypeLiteral<Uni<Verdict>> VERDICT = new TypeLiteral<>() {
    };
    private static final TypeLiteral<Uni<Integer>> STATUS = new TypeLiteral<>() {
    };
    /** Failures that say the business server is down or slow; a bad reply comes from a live one. */
    private static final Set<Reason> BREAKER_FAILURES = EnumSet.of(Reason.TIMEOUT, Reason.CONNECT, Reason.HTTP_STATUS);
    private static final String BREAKER_NAME_PREFIX = "imhook-breaker:";

    private final DispatchConfig config;
    private final Map<String, TypedGuard<Uni<Verdict>>> fallbacks = new HashMap<>();
    private final Map<String, TypedGuard<Uni<Verdict>>> timeouts = new HashMap<>();
    private final Map<String, TypedGuard<Uni<Integer>>> deliveries = new HashMap<>();
    private final Map<String, Guard> perUrl = new ConcurrentHashMap<>();

    public CallbackGuards(WebhookSettings settings, DispatchConfig config) {
        this.config = config;
        for (CallbackSettings callback : settings.all().values()) {
            String key = callback.type().key();
            if (callback.type().isBefore()) {
                fallbacks.put(key, fallback(callback));
                timeouts.put(key, TypedGuard.create(VERDICT).withDescription(key)
                        .withTimeout().duration(callback.timeout().toMillis(), ChronoUnit.MILLIS).done()
                        .build());
            } else {
                deliveries.put(key, delivery(callback));
            }
        }
    }

    /** Runs one before-callback exchange with {@code baseUrl}'s breaker and bulkhead and the key's timeout. */
    public Uni<Verdict> guardedBefore(CallbackType type, String baseUrl, Supplier<Uni<Verdict>> exchange) {
        TypedGuard<Uni<Verdict>> timeout = timeouts.get(type.key());
        Guard shared = perUrl.computeIfAbsent(baseUrl, this::urlGuard);
        return fallbacks.get(type.key()).get(() -> shared.get(() -> timeout.get(exchange), VERDICT));
    }

    /**
     * The name {@link CircuitBreakerMaintenance} knows {@code baseUrl}'s breaker by: {@code imhook-breaker:} and
     * the base url as {@code webhooks.yml} resolves it (without a trailing slash). It exists once the first
     * before-callback to that url has run, and only while {@code imhook.dispatch.circuit-breaker.enabled}.
     */
    public static String breakerName(String baseUrl) {
        return BREAKER_NAME_PREFIX + baseUrl;
    }

    /** Closes this instance's breakers and clears their counts, e.g. between tests that share a business server. */
    public void resetBreakers() {
        if (!config.circuitBreaker().enabled()) {
            return;
        }
        CircuitBreakerMaintenance maintenance = CircuitBreakerMaintenance.get();
        perUrl.keySet().forEach(baseUrl -> maintenance.reset(breakerName(baseUrl)));
    }

    /** Runs one after-callback delivery attempt under the key's timeout; the Uni fails with its failure. */
    public Uni<Integer> guardedDelivery(CallbackType type, Supplier<Uni<Integer>> attempt) {
        return deliveries.get(type.key()).get(attempt);
    }

    private static TypedGuard<Uni<Verdict>> fallback(CallbackSettings callback) {
        Duration timeout = callback.timeout();
        return TypedGuard.create(VERDICT)
                .withDescription(callback.type().key())
                .withFallback()
                .handler(failure -> Uni.createFrom().item(
                        Verdict.failed(asExchangeFailure(failure, timeout), callback.failedContinue())))
                .done()
                .build();
    }

    private Guard urlGuard(String baseUrl) {
        CircuitBreakerConfig breaker = config.circuitBreaker();
        Guard.Builder builder = Guard.create()
                .withDescription(baseUrl)
                .withBulkhead().limit(config.bulkhead().limit()).queueSize(config.bulkhead().queueSize()).done();
        if (breaker.enabled()) {
            builder.withCircuitBreaker()
                    .name(breakerName(baseUrl))
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .when(CallbackGuards::countsAgainstTheServer)
                    .onStateChange(state -> LOG.warnf("circuit breaker for %s is now %s", baseUrl, state))
                    .done();
        }
        return builder.build();
    }

    /**
     * One after-callback delivery attempt under the key's timeout. Retries are not run here: the after-queue keeps
     * a retried event as data with the time of its next attempt, so that no worker waits out a delay.
     */
    private static TypedGuard<Uni<Integer>> delivery(CallbackSettings callback) {
        return TypedGuard.create(STATUS)
                .withDescription(callback.type().key())
                .withTimeout().duration(callback.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    /**
     * Only what says the business server is down or slow opens its breaker. A full bulkhead is imhook's own limit:
     * counted, a burst on one key would open the breaker and decide every key by failedContinue.
     */
    static boolean countsAgainstTheServer(Throwable failure) {
        return BREAKER_FAILURES.contains(asExchangeFailure(failure, Duration.ZERO).reason());
    }

    /** Classifies whatever ended an exchange: a timeout, an open breaker, a full bulkhead, a transport error. */
    public static ExchangeFailure asExchangeFailure(Throwable failure, Duration timeout) {
        if (failure instanceof ExchangeFailure exchangeFailure) {
            return exchangeFailure;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return ExchangeFailure.network(Reason.CIRCUIT_OPEN,
                    "circuit breaker open: the business server failed too often lately");
        }
        if (failure instanceof BulkheadException) {
            return ExchangeFailure.network(Reason.OVERLOADED,
                    "too many callbacks in flight to the business server");
        }
        if (isTimeout(failure)) {
            return ExchangeFailure.network(Reason.TIMEOUT, "no reply within " + timeout.toMillis() + " ms");
        }
        return ExchangeFailure.network(Reason.CONNECT, describe(failure));
    }

    /**
     * The guard's own timeout, and the transport's: the Vert.x web client's request and pool-wait timeouts
     * ({@code io.vertx.core.impl.NoStackTraceTimeoutException}, a {@link TimeoutException}), Netty's connect
     * timeout (a {@link java.net.ConnectException} otherwise) and its TLS handshake timeout (an
     * {@link javax.net.ssl.SSLException} otherwise).
     */
    private static boolean isTimeout(Throwable failure) {
        return failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                || failure instanceof TimeoutException
                || failure instanceof ConnectTimeoutException
                || failure instanceof SslHandshakeTimeoutException;
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}

package io.imhook.dispatch;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksSnapshot;
import io.imhook.config.reload.WebhooksReloaded;
import io.imhook.dispatch.DispatchConfig.CircuitBreakerConfig;
import io.netty.channel.ConnectTimeoutException;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * The guards of every exchange, built from {@code webhooks.yml} and {@code imhook.dispatch}.
 * <p>
 * A before-callback runs through four layers: per key, a fallback that turns any failure into the
 * {@code failedContinue} decision ({@link KeyGuards}), and the key's share of the url's bulkhead
 * ({@code per-key-share}, a {@link KeyShare} counter); per business-server base url, one SmallRye Fault Tolerance
 * guard, its circuit breaker and bulkhead shared by all keys; per key again, the {@code timeout}
 * ({@link Deadlines}). The timeout sits inside the breaker so that timeouts count as failures, and inside the
 * bulkheads so that waiting for a slot is not part of it. An after-callback delivery attempt runs under its key's
 * timeout; the after-queue schedules retries.
 * <p>
 * The url guard runs its action on the caller's event loop ({@code withThreadOffload(false)}): the guarded actions
 * are non-blocking Unis (the Vert.x web client), and offloading each one to a worker thread and back cost a thread
 * hop and a context-propagation round per layer (the top of the dispatch path's profile). Even so SmallRye hands the
 * action and its result to that event loop as two tasks, which is why it is the only SmallRye guard of an exchange.
 * <p>
 * Each breaker is named {@link #breakerName(String)}, so that {@link CircuitBreakerMaintenance} can read and reset
 * it: SmallRye keeps unnamed breakers out of its registry.
 */
@Startup
@Singleton
public class CallbackGuards {

    private static final Logger LOG = Logger.getLogger(CallbackGuards.class);
    private static final TypeLiteral<Uni<Verdict>> VERDICT = KeyGuards.VERDICT;
    /** Failures that say the business server is down or slow; a bad reply comes from a live one. */
    private static final Set<Reason> BREAKER_FAILURES = EnumSet.of(Reason.TIMEOUT, Reason.CONNECT, Reason.HTTP_STATUS);
    /** Below this, an HTTP status is an answer of a live server (3xx, 4xx), not a failure of it. */
    private static final int SERVER_ERROR = 500;
    private static final String BREAKER_NAME_PREFIX = "imhook-breaker:";

    private final DispatchConfig config;
    private final WebhookSettings settings;
    private volatile KeyGuards keyGuards;
    /**
     * Each key's share of its url's bulkhead ({@code per-key-share}), so that one flooded key cannot take every
     * slot; built from {@code imhook.dispatch}, not from {@code webhooks.yml}, so a reload keeps it.
     */
    private final Map<String, KeyShare> keyShares = new ConcurrentHashMap<>();
    /**
     * Every base url's guard, kept for the life of the service: SmallRye refuses a second breaker of the same name,
     * so a url that is removed by a reload and added back later gets its old guard again (its breaker was reset
     * when the url was removed). Only the urls of the snapshot in force are reported and counted as live.
     */
    private final Map<String, Guard> perUrl = new ConcurrentHashMap<>();
    /** What each base url's bulkhead holds now, for the console; kept as long as the url's guard. */
    private final Map<String, BulkheadOccupancy> occupancy = new ConcurrentHashMap<>();
    /** Body bytes of the before-callbacks the bulkheads hold (in flight or waiting), across every url. */
    private final AtomicLong heldBytes = new AtomicLong();
    private final long maxHeldBytes;

    private final Deadlines deadlines;

    public CallbackGuards(WebhookSettings settings, DispatchConfig config, Deadlines deadlines) {
        requireAtLeastOne("imhook.dispatch.bulkhead.limit", config.bulkhead().limit());
        // SmallRye's bulkhead of an asynchronous call always has a queue: 0 would fail every call, not refuse it
        requireAtLeastOne("imhook.dispatch.bulkhead.queue-size", config.bulkhead().queueSize());
        this.config = config;
        this.settings = settings;
        this.deadlines = deadlines;
        this.keyGuards = new KeyGuards(settings.current(), deadlines);
        this.maxHeldBytes = config.bulkhead().maxHeldBytes().asLongValue();
    }

    /**
     * Builds the per-key guards and loads what the url guards need at start-up, so that the first before-callback's
     * timer starts when its exchange does and fires on time.
     */
    void warmUp(@Observes StartupEvent event) {
        // the timeout's path, fired into the fallback: a business server that does not answer
        keyGuards.withFallback(keyGuards.snapshot().all().values().iterator().next().type().key(),
                deadlines.within(Duration.ofMillis(1), () -> Uni.createFrom().nothing())).await().indefinitely();
        // an unnamed breaker stays out of SmallRye's registry: this one loads the classes of the url guards
        Guard.create().withBulkhead().done().withCircuitBreaker().done().withThreadOffload(false).build()
                .get(() -> Uni.createFrom().item(Verdict.queued()), VERDICT).await().indefinitely();
        // the guards of the file in force, built as their first before-callback would build them (nothing is run
        // through them, so no breaker counts anything); a url no callback goes to yet is reported CLOSED either way
        WebhooksSnapshot snapshot = settings.current();
        CallbackCatalogue.all().stream().filter(type -> type.isBefore() && snapshot.of(type).enabled())
                .forEach(type -> {
                    String baseUrl = snapshot.url(type);
                    perUrl.computeIfAbsent(baseUrl, this::urlGuard);
                    occupancy.computeIfAbsent(baseUrl, ignored -> new BulkheadOccupancy());
                    keyShares.computeIfAbsent(type.key(), key -> KeyShare.of(config.bulkhead()));
                });
    }

    /**
     * Runs one before-callback exchange of {@code bodyBytes} with {@code baseUrl}'s breaker and bulkhead and the
     * key's timeout.
     */
    public Uni<Verdict> guardedBefore(CallbackType type, String baseUrl, int bodyBytes,
            Supplier<Uni<Verdict>> exchange) {
        return guardedBefore(settings.current(), type, baseUrl, bodyBytes, exchange);
    }

    /**
     * As {@link #guardedBefore(CallbackType, String, int, Supplier)}, with the fallback and timeout of
     * {@code snapshot}: the one the dispatch started with, even when a reload has put another in force since.
     */
    public Uni<Verdict> guardedBefore(WebhooksSnapshot snapshot, CallbackType type, String baseUrl, int bodyBytes,
            Supplier<Uni<Verdict>> exchange) {
        KeyGuards guards = keyGuards(snapshot);
        String key = type.key();
        Guard shared = perUrl.computeIfAbsent(baseUrl, this::urlGuard);
        BulkheadOccupancy held = occupancy.computeIfAbsent(baseUrl, ignored -> new BulkheadOccupancy());
        KeyShare keyShare = keyShares.computeIfAbsent(key, ignored -> KeyShare.of(config.bulkhead()));
        return guards.withFallback(key, holding(bodyBytes, () -> keyShare.run(
                () -> held.counted(started -> shared.get(started, VERDICT), () -> guards.withTimeout(key, exchange)))));
    }

    /**
     * Runs {@code held} while its body counts against {@code max-held-bytes}, until it ends or is cancelled; fails
     * at once with {@link HeldBytesExceededException} when the body does not fit.
     */
    private Uni<Verdict> holding(int bodyBytes, Supplier<Uni<Verdict>> held) {
        return Uni.createFrom().deferred(() -> {
            if (heldBytes.addAndGet(bodyBytes) > maxHeldBytes) {
                heldBytes.addAndGet(-bodyBytes);
                return Uni.createFrom().failure(new HeldBytesExceededException());
            }
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    heldBytes.addAndGet(-bodyBytes);
                }
            };
            try {
                return held.get().onTermination().invoke(release);
            } catch (RuntimeException e) {
                release.run();
                throw e;
            }
        });
    }

    /** Body bytes of the before-callbacks held now, in flight or waiting for a bulkhead slot. */
    public long heldBytes() {
        return heldBytes.get();
    }

    /** The held before-callbacks' bodies would pass {@code imhook.dispatch.bulkhead.max-held-bytes}. */
    static final class HeldBytesExceededException extends BulkheadException {
        HeldBytesExceededException() {
            super("the before-callbacks held take imhook.dispatch.bulkhead.max-held-bytes");
        }
    }

    private static void requireAtLeastOne(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, was " + value);
        }
    }

    /** The per-key guards of {@code snapshot}; built when a reload put it in force (or, once, on a race with it). */
    private KeyGuards keyGuards(WebhooksSnapshot snapshot) {
        KeyGuards guards = keyGuards;
        if (guards.snapshot() == snapshot) {
            return guards;
        }
        KeyGuards built = new KeyGuards(snapshot, deadlines);
        if (snapshot == settings.current()) {
            keyGuards = built;
        }
        return built;
    }

    /**
     * After a reload: the per-key guards are rebuilt from the new snapshot; the breakers and bulkheads of base urls
     * that did not change keep their state; those of removed urls are dropped (their breaker is reset, and they are
     * no longer reported).
     */
    void reloaded(@Observes WebhooksReloaded event) {
        keyGuards(event.current());
        if (!config.circuitBreaker().enabled()) {
            return;
        }
        CircuitBreakerMaintenance maintenance = CircuitBreakerMaintenance.get();
        event.diff().removedBaseUrls().stream().filter(perUrl::containsKey)
                .forEach(baseUrl -> maintenance.reset(breakerName(baseUrl)));
    }

    /**
     * The state of the breaker of every base url of the snapshot in force, in {@code webhooks.yml} order; a url no
     * before-callback has been sent to yet is {@code CLOSED}. Empty while breakers are disabled.
     */
    public Map<String, CircuitBreakerState> breakerStates() {
        Map<String, CircuitBreakerState> states = new LinkedHashMap<>();
        if (!config.circuitBreaker().enabled()) {
            return states;
        }
        CircuitBreakerMaintenance maintenance = CircuitBreakerMaintenance.get();
        for (String baseUrl : settings.current().baseUrls()) {
            states.put(baseUrl, perUrl.containsKey(baseUrl) ? maintenance.currentState(breakerName(baseUrl))
                    : CircuitBreakerState.CLOSED);
        }
        return states;
    }

    /**
     * Before-callbacks in flight and waiting in the bulkhead of every base url of the snapshot in force, in
     * {@code webhooks.yml} order.
     */
    public Map<String, SlotsInUse> slotsInUse() {
        Map<String, SlotsInUse> held = new LinkedHashMap<>();
        for (String baseUrl : settings.current().baseUrls()) {
            BulkheadOccupancy counts = occupancy.get(baseUrl);
            held.put(baseUrl, counts == null ? new SlotsInUse(0, 0)
                    : new SlotsInUse(counts.inFlight(), counts.waiting()));
        }
        return held;
    }

    /** A bulkhead's before-callbacks holding a slot and queued for one. */
    public record SlotsInUse(int inFlight, int waiting) {

        /** Both counts added, e.g. of the base urls on one origin. */
        public SlotsInUse plus(SlotsInUse other) {
            return new SlotsInUse(inFlight + other.inFlight, waiting + other.waiting);
        }
    }

    /** Resets the breakers of the base urls of the snapshot in force that {@code which} accepts; gives how many. */
    public int resetBreakers(Predicate<String> which) {
        if (!config.circuitBreaker().enabled()) {
            return 0;
        }
        CircuitBreakerMaintenance maintenance = CircuitBreakerMaintenance.get();
        int reset = 0;
        for (String baseUrl : settings.current().baseUrls()) {
            if (which.test(baseUrl)) {
                if (perUrl.containsKey(baseUrl)) {
                    maintenance.reset(breakerName(baseUrl));
                }
                reset++;
            }
        }
        return reset;
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
        return guardedDelivery(settings.current(), type, attempt);
    }

    /** As {@link #guardedDelivery(CallbackType, Supplier)}, with the timeout and retries of {@code snapshot}. */
    public Uni<Integer> guardedDelivery(WebhooksSnapshot snapshot, CallbackType type,
            Supplier<Uni<Integer>> attempt) {
        return keyGuards(snapshot).withTimeout(type.key(), attempt);
    }

    private Guard urlGuard(String baseUrl) {
        CircuitBreakerConfig breaker = config.circuitBreaker();
        Guard.Builder builder = Guard.create()
                .withDescription(io.imhook.logging.UrlRedaction.redact(baseUrl))
                .withBulkhead().limit(config.bulkhead().limit()).queueSize(config.bulkhead().queueSize()).done()
                .withThreadOffload(false);
        if (breaker.enabled()) {
            builder.withCircuitBreaker()
                    .name(breakerName(baseUrl))
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .when(CallbackGuards::countsAgainstTheServer)
                    .onStateChange(state -> LOG.warnf("circuit breaker for %s is now %s",
                            io.imhook.logging.UrlRedaction.redact(baseUrl), state))
                    .done();
        }
        return builder.build();
    }

    /**
     * Only what says the business server is down or slow opens its breaker. A full bulkhead is imhook's own limit:
     * counted, a burst on one key would open the breaker and decide every key by failedContinue.
     */
    static boolean countsAgainstTheServer(Throwable failure) {
        ExchangeFailure classified = asExchangeFailure(failure, Duration.ZERO);
        if (classified.reason() == Reason.HTTP_STATUS) {
            // a 4xx is what a caller can provoke at will: counted, ~20 crafted requests would open the breaker
            // and let every failedContinue: true before-callback through unchecked
            return classified.status() >= SERVER_ERROR;
        }
        return BREAKER_FAILURES.contains(classified.reason());
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
        if (failure instanceof HeldBytesExceededException) {
            return ExchangeFailure.network(Reason.OVERLOADED,
                    "too many before-callback bytes held by imhook (bulkhead max-held-bytes)");
        }
        if (failure instanceof BulkheadException) {
            return ExchangeFailure.network(Reason.OVERLOADED,
                    "too many callbacks in flight to the business server");
        }
        if (isTimeout(failure)) {
            return ExchangeFailure.network(Reason.TIMEOUT, "no reply within " + timeout.toMillis() + " ms");
        }
        return ExchangeFailure.unreachable(describe(failure));
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

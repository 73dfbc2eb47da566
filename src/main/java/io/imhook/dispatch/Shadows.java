package io.imhook.dispatch;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.CallbackType;
import io.imhook.logging.LogThrottle;
import io.imhook.logging.UrlRedaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * Shadow business servers: a before-callback whose {@code webhooks.yml} entry names a {@code shadow} is sent there
 * too, at the same time and signed the same way with its own {@code webhook-id}, and the shadow's verdict is only
 * compared with the live one and counted ({@code agree}, {@code disagree} by outcome pair, {@code failed},
 * {@code dropped}). Nothing waits for it: the live decision is answered whatever the shadow does. Each shadow base
 * url has its own breaker and a cap on calls in flight, past which a call is dropped, never queued.
 */
@Singleton
public class Shadows {

    private static final Logger LOG = Logger.getLogger(Shadows.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String BREAKER_NAME_PREFIX = "imhook-shadow-breaker:";

    /** What a comparison came to; the {@code result} label of {@code imhook_shadow_total}. */
    enum Result {
        AGREE("agree"), DISAGREE("disagree"), FAILED("failed"), DROPPED("dropped");

        final String label;

        Result(String label) {
            this.label = label;
        }
    }

    /** The live verdict of a before-callback, told to its shadow's comparison; a no-op where there is none. */
    public interface Comparison {
        void live(Verdict verdict);
    }

    private static final Comparison NONE = verdict -> {
    };

    private final BusinessServerClient client;
    private final Deadlines deadlines;
    private final MeterRegistry registry;
    private final int maxInFlight;
    private final Map<String, ShadowUrl> urls = new ConcurrentHashMap<>();
    /** The counters, which {@link #counts()} reads too: the admin API shows what Prometheus gets. */
    private final Map<Tags, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, LogThrottle> disagreementLogs = new ConcurrentHashMap<>();

    public Shadows(BusinessServerClient client, Deadlines deadlines, MeterRegistry registry, DispatchConfig config) {
        this.client = client;
        this.deadlines = deadlines;
        this.registry = registry;
        this.maxInFlight = Math.max(1, config.shadow().maxInFlight());
    }

    /**
     * Sends one before-callback to its shadow at {@code shadowBaseUrl}, or drops it when that shadow has
     * {@code max-in-flight} calls already; returns at once.
     */
    Comparison start(CallbackType type, String shadowBaseUrl, String operationID, byte[] body, ObjectNode request,
            Ingress ingress, Duration timeout) {
        String key = type.key();
        ShadowUrl shadow = urls.computeIfAbsent(shadowBaseUrl, ShadowUrl::new);
        if (shadow.inFlight.incrementAndGet() > maxInFlight) {
            shadow.inFlight.decrementAndGet();
            count(key, Result.DROPPED, null, null);
            return NONE;
        }
        Pair pair = new Pair(key);
        String url = CallbackTarget.url(shadowBaseUrl, type, request);
        shadow.guard.get(() -> deadlines.within(timeout, () -> client
                .post(url, operationID, Dispatcher.newEventId(), body, timeout)
                .map(response -> ReplyInterpreter.interpret(type, request, response.statusCode(),
                        Dispatcher.bodyOf(response.body()), ingress))),
                KeyGuards.VERDICT)
                .onTermination().invoke(shadow.inFlight::decrementAndGet)
                .subscribe().with(pair::shadow, failure -> pair.shadow(null));
        return pair;
    }

    /** The counts per before-callback key with a shadow, for {@code GET /admin/shadows}. */
    public Map<String, Map<String, Object>> counts() {
        Map<String, Map<String, Object>> all = new TreeMap<>();
        counters.forEach((tags, counter) -> {
            Map<String, Object> keyCounts = all.computeIfAbsent(tags.key(), ignored -> {
                Map<String, Object> empty = new LinkedHashMap<>();
                for (Result result : Result.values()) {
                    empty.put(result.label, 0L);
                }
                empty.put("disagreements", new TreeMap<String, Long>());
                return empty;
            });
            long count = (long) counter.count();
            keyCounts.merge(tags.result().label, count, (a, b) -> (Long) a + (Long) b);
            if (tags.result() == Result.DISAGREE) {
                @SuppressWarnings("unchecked")
                Map<String, Long> pairs = (Map<String, Long>) keyCounts.get("disagreements");
                pairs.merge(tags.live() + "->" + tags.shadow(), count, Long::sum);
            }
        });
        return all;
    }

    /** One {@code imhook_shadow_total} series: {@code live} and {@code shadow} are outcomes of a disagreement. */
    private record Tags(String key, Result result, String live, String shadow) {
    }

    private void count(String key, Result result, Outcome live, Outcome shadow) {
        String liveLabel = live == null ? "none" : live.wireName();
        String shadowLabel = shadow == null || result != Result.DISAGREE ? "none" : shadow.wireName();
        counters.computeIfAbsent(new Tags(key, result, liveLabel, shadowLabel),
                tags -> Counter.builder("imhook.shadow")
                        .description("Before-callbacks sent to a shadow business server, by how its verdict "
                                + "compared with the live one")
                        .tag("key", key).tag("result", result.label).tag("live", liveLabel)
                        .tag("shadow", shadowLabel).register(registry))
                .increment();
        if (result == Result.DISAGREE && disagreementLogs
                .computeIfAbsent(key, ignored -> new LogThrottle(LOG_INTERVAL_NANOS)).tryAcquire()) {
            LOG.infof("shadow of %s disagreed: live %s, shadow %s (imhook_shadow_total counts every one; at most "
                    + "one such line per second and key)", key, live.wireName(), shadow.wireName());
        }
    }

    /** Both verdicts of one before-callback; whichever comes second compares them. */
    private final class Pair implements Comparison {
        private final String key;
        private final AtomicReference<Verdict> live = new AtomicReference<>();
        private final AtomicReference<Verdict> shadow = new AtomicReference<>();
        private final AtomicInteger pending = new AtomicInteger(2);

        Pair(String key) {
            this.key = key;
        }

        @Override
        public void live(Verdict verdict) {
            live.set(verdict);
            done();
        }

        /** @param verdict null when the shadow failed: no answer in time, down, open breaker, a bad reply */
        void shadow(Verdict verdict) {
            shadow.set(verdict);
            done();
        }

        private void done() {
            if (pending.decrementAndGet() != 0) {
                return;
            }
            Verdict liveVerdict = live.get();
            Verdict shadowVerdict = shadow.get();
            Outcome liveOutcome = liveVerdict.outcome();
            if (shadowVerdict == null || shadowVerdict.outcome() == Outcome.FAILED) {
                count(key, Result.FAILED, liveOutcome, null);
            } else if (shadowVerdict.outcome() == liveOutcome) {
                count(key, Result.AGREE, liveOutcome, shadowVerdict.outcome());
            } else {
                count(key, Result.DISAGREE, liveOutcome, shadowVerdict.outcome());
            }
        }
    }

    /** One shadow base url: its calls in flight and its breaker. */
    private static final class ShadowUrl {
        final AtomicInteger inFlight = new AtomicInteger();
        final Guard guard;

        ShadowUrl(String baseUrl) {
            this.guard = Guard.create().withDescription("shadow " + UrlRedaction.redact(baseUrl))
                    .withCircuitBreaker().name(BREAKER_NAME_PREFIX + baseUrl)
                    .requestVolumeThreshold(20).failureRatio(0.5).delay(10, ChronoUnit.SECONDS).successThreshold(2)
                    .done()
                    .withThreadOffload(false)
                    .build();
        }
    }
}

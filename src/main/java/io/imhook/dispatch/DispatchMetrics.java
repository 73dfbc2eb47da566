package io.imhook.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counters and latency histograms of dispatched callbacks, exposed at {@code /q/metrics}. Each meter is looked up
 * in the registry once per combination of tags and kept: building and registering a meter on every decision was
 * a measurable part of the dispatch path (tag sorting, the registry's id map, and a histogram config per call).
 */
@Singleton
public class DispatchMetrics {

    private record DecisionTags(String key, Ingress ingress, Outcome outcome, Reason reason) {
    }

    private record RoundTripTags(String key, String outcome, Ingress ingress) {
    }

    private record DeliveryTags(String key, String target, String outcome) {
    }

    private final MeterRegistry registry;
    private final Map<DeliveryTags, Counter> deliveries = new ConcurrentHashMap<>();
    private final Map<DecisionTags, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<RoundTripTags, Timer> roundTrips = new ConcurrentHashMap<>();

    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one decision by key, outcome, reason and ingress. */
    void decided(Decision decision, Ingress ingress) {
        decisions.computeIfAbsent(new DecisionTags(decision.key(), ingress, decision.outcome(), decision.reason()),
                tags -> Counter.builder("imhook.callbacks")
                        .description("Callbacks dispatched, by key, outcome, reason and ingress")
                        .tag("key", tags.key())
                        .tag("ingress", tags.ingress().wireName())
                        .tag("outcome", tags.outcome().wireName())
                        .tag("reason", tags.reason() == null ? "none" : tags.reason().wireName())
                        .register(registry))
                .increment();
    }

    /** Records the round trip to the business server. */
    public void roundTrip(String key, String outcome, Ingress ingress, Duration elapsed) {
        roundTrips.computeIfAbsent(new RoundTripTags(key, outcome, ingress),
                tags -> Timer.builder("imhook.callback.roundtrip")
                        .description("Round trip to the business server, by key, outcome and ingress")
                        .tag("key", tags.key())
                        .tag("outcome", tags.outcome())
                        .tag("ingress", tags.ingress().wireName())
                        .publishPercentileHistogram()
                        .register(registry))
                .record(elapsed);
    }

    /**
     * Counts one after-callback delivery attempt to one target, by its outcome: {@code delivered},
     * {@code retried} or {@code deadLettered}.
     */
    public void delivery(String key, String target, String outcome) {
        deliveries.computeIfAbsent(new DeliveryTags(key, target, outcome),
                tags -> Counter.builder("imhook.after.deliveries")
                        .description("After-callback delivery attempts, by key, target and outcome (delivered, "
                                + "retried, deadLettered)")
                        .tag("key", tags.key())
                        .tag("target", tags.target())
                        .tag("outcome", tags.outcome())
                        .register(registry))
                .increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}

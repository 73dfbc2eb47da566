package io.imhook.dispatch;

import java.time.Duration;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Counters and latency histograms of dispatched callbacks, exposed at {@code /q/metrics}. */
@Singleton
public class DispatchMetrics {

    private final MeterRegistry registry;

    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one decision by key, outcome, reason and ingress. */
    void decided(Decision decision, Ingress ingress) {
        Counter.builder("imhook.callbacks")
                .description("Callbacks dispatched, by key, outcome, reason and ingress")
                .tag("key", decision.key())
                .tag("ingress", ingress.wireName())
                .tag("outcome", decision.outcome().wireName())
                .tag("reason", decision.reason() == null ? "none" : decision.reason().wireName())
                .register(registry)
                .increment();
    }

    /** Records the round trip to the business server. */
    public void roundTrip(String key, String outcome, Ingress ingress, Duration elapsed) {
        Timer.builder("imhook.callback.roundtrip")
                .description("Round trip to the business server, by key, outcome and ingress")
                .tag("key", key)
                .tag("outcome", outcome)
                .tag("ingress", ingress.wireName())
                .publishPercentileHistogram()
                .register(registry)
                .record(elapsed);
    }

    public MeterRegistry registry() {
        return registry;
    }
}

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

    /** Counts one decision by key, outcome and reason. */
    void decided(Decision decision) {
        Counter.builder("imhook.callbacks")
                .description("Callbacks dispatched, by key, outcome and reason")
                .tag("key", decision.key())
                .tag("outcome", decision.outcome().wireName())
                .tag("reason", decision.reason() == null ? "none" : decision.reason().wireName())
                .register(registry)
                .increment();
    }

    /** Records the round trip to the business server. */
    public void roundTrip(String key, String outcome, Duration elapsed) {
        Timer.builder("imhook.callback.roundtrip")
                .description("Round trip to the business server, by key and outcome")
                .tag("key", key)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(elapsed);
    }

    public MeterRegistry registry() {
        return registry;
    }
}

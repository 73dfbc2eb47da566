package io.imhook.dispatch;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imhook.config.reload.WebhooksReloaded;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * The per-url circuit breakers in the open: their state by business server, redacted to {@code scheme://host:port}
 * ({@link Origin}), for the readiness data, the {@code imhook.circuit.breaker.state} gauge and the admin reset.
 * Base urls on one origin are reported together, with the worst state among them (open, then half-open, then
 * closed).
 */
@Singleton
public class CircuitBreakers {

    /** The gauge's value per state. */
    static final Map<CircuitBreakerState, Integer> GAUGE_VALUES = Map.of(CircuitBreakerState.CLOSED, 0,
            CircuitBreakerState.HALF_OPEN, 1, CircuitBreakerState.OPEN, 2);
    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);

    private final CallbackGuards guards;
    private final MeterRegistry registry;
    private final Map<String, Meter> gauges = new ConcurrentHashMap<>();

    public CircuitBreakers(CallbackGuards guards, MeterRegistry registry) {
        this.guards = guards;
        this.registry = registry;
    }

    /** Each origin's breaker state, worst first within an origin, in {@code webhooks.yml} order. */
    public Map<String, CircuitBreakerState> states() {
        Map<String, CircuitBreakerState> byOrigin = new LinkedHashMap<>();
        guards.breakerStates().forEach((baseUrl, state) -> byOrigin.merge(Origin.of(baseUrl), state,
                (one, other) -> worst(one, other)));
        return byOrigin;
    }

    /** Resets the breakers of every base url on {@code origin} ({@code null}: all); gives how many. */
    public int reset(String origin) {
        String wanted = origin == null || origin.isBlank() ? null : Origin.of(origin);
        int reset = guards.resetBreakers(baseUrl -> wanted == null || wanted.equals(Origin.of(baseUrl)));
        LOG.infof("circuit breakers reset by an operator: %d (%s)", reset, wanted == null ? "all" : wanted);
        return reset;
    }

    void register(@Observes StartupEvent event) {
        syncGauges();
    }

    void reloaded(@Observes WebhooksReloaded event) {
        syncGauges();
    }

    /** One gauge per origin of the snapshot in force; those of origins no longer used are removed. */
    private synchronized void syncGauges() {
        Set<String> origins = states().keySet();
        gauges.entrySet().removeIf(entry -> {
            if (origins.contains(entry.getKey())) {
                return false;
            }
            registry.remove(entry.getValue());
            return true;
        });
        for (String origin : origins) {
            gauges.computeIfAbsent(origin, key -> Gauge.builder("imhook.circuit.breaker.state", this,
                    breakers -> GAUGE_VALUES.get(breakers.states().getOrDefault(key, CircuitBreakerState.CLOSED)))
                    .tag("url", key)
                    .description("Circuit breaker of a business server: 0 closed, 1 half-open, 2 open")
                    .register(registry));
        }
    }

    private static CircuitBreakerState worst(CircuitBreakerState one, CircuitBreakerState other) {
        return Comparator.comparing(GAUGE_VALUES::get).compare(one, other) >= 0 ? one : other;
    }
}

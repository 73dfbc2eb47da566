package io.imhook.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.imhook.dispatch.CircuitBreakers;

/**
 * The per-url circuit breakers, by {@code scheme://host:port}: {@code CLOSED}, {@code HALF_OPEN} or {@code OPEN}.
 * Always UP: an open breaker means the business server is failing, which every replica shares; taking this one out
 * of the Service would not help, and the callbacks are still decided (by {@code failedContinue}).
 */
@Readiness
@ApplicationScoped
public class CircuitBreakersReadiness implements HealthCheck {

    static final String NAME = "circuit-breakers";

    private final CircuitBreakers breakers;

    public CircuitBreakersReadiness(CircuitBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        breakers.states().forEach((origin, state) -> response.withData(origin, state.name()));
        return response.build();
    }
}

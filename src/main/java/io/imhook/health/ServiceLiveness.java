package io.imhook.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the service answers HTTP. It deliberately checks nothing else: a restart cures neither a slow business
 * server nor a full after-queue (readiness covers those), and would lose the queued after-callbacks.
 */
@Liveness
@ApplicationScoped
public class ServiceLiveness implements HealthCheck {

    static final String NAME = "imhook";

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up(NAME);
    }
}

package io.imhook.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.imhook.dispatch.DispatchConfig;
import io.imhook.dispatch.after.AfterQueue;

/**
 * Readiness: DOWN while the after-callback queue holds {@link HealthConfig#afterQueueOverloaded()} of its capacity
 * or more, UP again once it has drained below that.
 */
@Readiness
@ApplicationScoped
public class AfterQueueReadiness implements HealthCheck {

    static final String NAME = "after-queue";

    private final AfterQueue queue;
    private final int capacity;
    private final int overloadedAt;

    public AfterQueueReadiness(AfterQueue queue, DispatchConfig dispatch, HealthConfig health) {
        this.queue = queue;
        this.capacity = dispatch.afterQueue().capacity();
        // at least one pending event, so that a share of 0 does not report an idle queue as overloaded
        this.overloadedAt = Math.max(1, (int) Math.ceil(capacity * health.afterQueueOverloaded()));
    }

    @Override
    public HealthCheckResponse call() {
        AfterQueue.Ledger ledger = queue.ledger();
        return HealthCheckResponse.named(NAME)
                .status(ledger.pending() < overloadedAt)
                .withData("pending", ledger.pending())
                .withData("capacity", capacity)
                .withData("overloadedAt", overloadedAt)
                .withData("refused", ledger.refused())
                .build();
    }
}

package io.imhook.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When readiness reports the service unable to take more work ({@code application.yaml}, prefix {@code imhook.health}). */
@ConfigMapping(prefix = "imhook.health")
public interface HealthConfig {

    /**
     * The share of {@code imhook.dispatch.after-queue.capacity} at which readiness goes DOWN: a queue this full
     * would soon refuse after-callbacks with 503, so Kubernetes should send new events to other replicas while
     * this one drains. {@code 1} means only a full queue; the queue never waits for readiness, it keeps delivering.
     */
    @WithDefault("0.9")
    double afterQueueOverloaded();
}

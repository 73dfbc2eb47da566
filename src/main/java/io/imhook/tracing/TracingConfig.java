package io.imhook.tracing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When imhook records spans ({@code application.yaml}, prefix {@code imhook.tracing}). */
@ConfigMapping(prefix = "imhook.tracing")
public interface TracingConfig {

    /**
     * Record spans although no OTLP collector is configured (they go nowhere; for tests that read them from
     * memory). By default nothing is recorded then, and an incoming {@code traceparent} is passed on as it came.
     */
    @WithDefault("false")
    boolean recordWithoutCollector();
}

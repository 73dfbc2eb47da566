package io.imhook.warmup;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The warm-up before readiness turns UP ({@code application.yaml}, prefix {@code imhook.warm-up}). */
@ConfigMapping(prefix = "imhook.warm-up")
public interface WarmUpConfig {

    /**
     * Whether readiness waits, at start-up, until a connection to each business server's base url is open in the
     * pool: a replica just marked ready takes OpenIM's traffic at once, and its first callback would pay the connect.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The longest readiness waits for the warm-up: a business server down or slow at start-up must not keep the
     * replica out of the Service; after this, readiness turns UP anyway and the log says which urls did not answer.
     */
    @WithDefault("3s")
    Duration timeout();
}

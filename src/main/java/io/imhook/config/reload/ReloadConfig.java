package io.imhook.config.reload;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How an external {@code webhooks.yml} is watched ({@code application.yaml}, prefix {@code imhook.webhooks-reload}). */
@ConfigMapping(prefix = "imhook.webhooks-reload")
public interface ReloadConfig {

    /** Whether an external {@code webhooks.yml} is watched at all; the shipped one on the class path never is. */
    @WithDefault("true")
    boolean enabled();

    /** How often the file is read and its SHA-256 compared with the one in force. */
    @WithDefault("5s")
    Duration interval();
}

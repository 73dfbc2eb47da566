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

    /**
     * How long a changed file must read the same before it is put in force: it is read again this long after the
     * change was seen, and applied only when its SHA-256 did not change meanwhile, so a file caught halfway through
     * a write (an editor, {@code cp} and {@code cat >} all truncate, then write) is never applied. A ConfigMap swap
     * is atomic and waits this long once: a change is in force within {@code interval} plus this.
     */
    @WithDefault("1s")
    Duration settle();
}

package io.imhook.config;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.imhook.callback.CallbackType;
import io.quarkus.runtime.Startup;
import io.smallrye.config.SmallRyeConfig;

/**
 * The effective settings of all 53 callbacks: the {@link WebhooksSnapshot} in force. Loaded at start-up (a bad
 * file stops start-up); {@code io.imhook.config.reload} swaps in a new snapshot when the file changes. Each method
 * reads the snapshot in force at the time of the call: code that needs several settings of one callback consistent
 * (a dispatch) takes {@link #current()} once and reads that.
 */
@Startup
@Singleton
public class WebhookSettings {

    private static final Logger LOG = Logger.getLogger(WebhookSettings.class);

    private final AtomicReference<WebhooksSnapshot> current;

    /** Reads the {@code webhooks.yml} the application's config points at; a bad value stops start-up. */
    @Inject
    public WebhookSettings(Config appConfig) {
        this(WebhooksSnapshot.load(WebhooksFile.location(appConfig), appConfig));
        WebhooksSnapshot loaded = current();
        LOG.infof("webhooks.yml: %s (sha256 %s), url %s, %d of %d callbacks enabled", loaded.location(),
                loaded.sha256(), io.imhook.logging.UrlRedaction.redact(loaded.url()), loaded.enabledCallbacks(), loaded.all().size());
    }

    /** Resolves the settings of an already loaded {@code webhooks.yml}. */
    public WebhookSettings(SmallRyeConfig webhooksConfig) {
        this(WebhooksSnapshot.of(webhooksConfig));
    }

    public WebhookSettings(WebhooksSnapshot snapshot) {
        this.current = new AtomicReference<>(snapshot);
    }

    /** The snapshot in force: take it once per operation, so that all its reads agree. */
    public WebhooksSnapshot current() {
        return current.get();
    }

    /** Puts {@code next} in force, atomically; gives the snapshot it replaced. */
    public WebhooksSnapshot replace(WebhooksSnapshot next) {
        return current.getAndSet(next);
    }

    /** Keys of the file that are not callbacks or callback fields; ignored with a warning. */
    public Set<String> unknownKeys() {
        return current().unknownKeys();
    }

    /** The business server's base URL, without a trailing slash. */
    public String url() {
        return current().url();
    }

    /** The base URL {@code type} is POSTed under: its own {@code url} when it has one, else the top-level one. */
    public String url(CallbackType type) {
        return current().url(type);
    }

    public CallbackSettings of(CallbackType type) {
        return current().of(type);
    }

    /** All callbacks' settings, in catalogue order. */
    public Map<String, CallbackSettings> all() {
        return current().all();
    }
}

package io.imhook.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksSnapshot;
import io.imhook.config.reload.WebhooksWatcher;

/**
 * Readiness and start-up: {@code webhooks.yml} is loaded, and which file, content, URL and callbacks are in force.
 * <p>
 * {@link WebhookSettings} is built at start-up and a bad file stops the service, so this check exists only once
 * the file is loaded; until then the port is closed and every probe fails. The data lets an operator see which
 * ConfigMap the pod actually read: {@code sha256} is what {@code sha256sum webhooks.yml} prints for the content in
 * force. The url shows only scheme, host and port: a token in its path stays hidden. A changed file that was refused stays UP (the last good settings serve) and shows as {@code refused*}.
 */
@Readiness
@Startup
@ApplicationScoped
public class WebhooksReadiness implements HealthCheck {

    static final String NAME = "webhooks.yml";

    private final WebhookSettings settings;
    private final WebhooksWatcher watcher;

    public WebhooksReadiness(WebhookSettings settings, WebhooksWatcher watcher) {
        this.settings = settings;
        this.watcher = watcher;
    }

    @Override
    public HealthCheckResponse call() {
        WebhooksSnapshot snapshot = settings.current();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up()
                .withData("file", snapshot.location())
                .withData("url", io.imhook.logging.UrlRedaction.redact(snapshot.url()))
                .withData("enabledCallbacks", snapshot.enabledCallbacks())
                .withData("sha256", snapshot.sha256())
                .withData("loadedAt", snapshot.loadedAt().toString())
                .withData("watched", watcher.watching())
                .withData("refused", watcher.refusal().isPresent());
        watcher.refusal().ifPresent(refusal -> response
                .withData("refusedSha256", refusal.sha256())
                .withData("refusedAt", refusal.at().toString())
                .withData("refusedError", refusal.error()));
        return response.build();
    }
}

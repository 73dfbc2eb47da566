package io.imhook.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksFile;

/**
 * Readiness and start-up: {@code webhooks.yml} is loaded, and which file, URL and callbacks are in force.
 * <p>
 * {@link WebhookSettings} is built at start-up and a bad file stops the service, so this check exists only once
 * the file is loaded; until then the port is closed and every probe fails. The data lets an operator see which
 * ConfigMap the pod actually read. The url shows only scheme, host and port: a token in its path stays hidden.
 */
@Readiness
@Startup
@ApplicationScoped
public class WebhooksReadiness implements HealthCheck {

    static final String NAME = "webhooks.yml";

    private final WebhookSettings settings;
    private final String location;

    public WebhooksReadiness(WebhookSettings settings, Config config) {
        this.settings = settings;
        this.location = WebhooksFile.location(config);
    }

    @Override
    public HealthCheckResponse call() {
        long enabled = settings.all().values().stream().filter(CallbackSettings::enabled).count();
        return HealthCheckResponse.named(NAME).up()
                .withData("file", location)
                .withData("url", io.imhook.logging.UrlRedaction.redact(settings.url()))
                .withData("enabledCallbacks", enabled)
                .build();
    }
}

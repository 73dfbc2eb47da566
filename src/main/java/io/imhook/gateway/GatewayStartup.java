package io.imhook.gateway;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhookSettings;
import io.quarkus.runtime.StartupEvent;

/** Start-up checks of the settings the gateway depends on. */
@Singleton
public class GatewayStartup {

    /** OpenIM's HTTP client gives up on any callback after 15 s (spec 1.2), whatever its own file says. */
    static final Duration OPENIM_CAP = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(GatewayStartup.class);

    void warnAboutLongTimeouts(@Observes StartupEvent event, WebhookSettings settings, GatewayConfig config) {
        for (CallbackSettings callback : longTimeouts(settings)) {
            LOG.warnf("webhooks.yml: %s.timeout is %d s, but OpenIM gives up on its call to the gateway (%s) after "
                    + "%d s at most, and then blocks the action whatever imhook decides; keep it at %d s or less",
                    callback.type().key(), callback.timeout().toSeconds(), config.basePath(),
                    OPENIM_CAP.toSeconds(), OPENIM_CAP.toSeconds() - 1);
        }
    }

    /**
     * Enabled before-callbacks whose timeout OpenIM's leg to the gateway cannot outlast; after-callbacks are
     * answered at once, and a disabled key is never sent.
     */
    static List<CallbackSettings> longTimeouts(WebhookSettings settings) {
        return settings.all().values().stream()
                .filter(callback -> callback.enabled() && callback.type().isBefore())
                .filter(callback -> callback.timeout().compareTo(OPENIM_CAP) >= 0)
                .toList();
    }
}

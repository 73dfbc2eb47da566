package io.imhook.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhookSettings;
import io.imhook.security.ApiConfig;
import io.quarkus.runtime.StartupEvent;

/** Start-up checks of the settings the gateway depends on: who may call it, and how long OpenIM waits. */
@Singleton
public class GatewayStartup {

    /** OpenIM's HTTP client gives up on any callback after 15 s (spec 1.2), whatever its own file says. */
    static final Duration OPENIM_CAP = Duration.ofSeconds(15);
    /** As for the API's tokens. */
    static final int MIN_TOKEN_LENGTH = 16;
    /** What a url's path segment holds as it is, so OpenIM's url needs no encoding (and gets none). */
    private static final Pattern TOKEN_CHARACTERS = Pattern.compile("[A-Za-z0-9_-]*");
    private static final String MAKE_ONE = "make one with `openssl rand -hex 32`";
    private static final Logger LOG = Logger.getLogger(GatewayStartup.class);

    /**
     * Refuses to start with a gateway token that is not one, or with a gateway left open by omission where the API
     * is closed; warns wherever the gateway is open.
     */
    void checkAccess(@Observes StartupEvent event, GatewayConfig config, ApiConfig api) {
        boolean apiTokensSet = api.tokens().orElse(List.of()).stream().anyMatch(token -> !token.isBlank());
        List<String> problems = accessProblems(config.token(), config.open(), apiTokensSet);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        if (config.token().isEmpty()) {
            LOG.warnf("imhook.gateway.token is not set%s: the OpenIM gateway %s/{callbackCommand} takes callbacks "
                    + "from anyone who reaches the port (set IMHOOK_GATEWAY_TOKEN and put it in OpenIM's url)",
                    config.open() ? " and imhook.gateway.open declares the gateway open" : "", config.basePath());
        } else {
            LOG.infof("the OpenIM gateway answers only under %s/<imhook.gateway.token>", config.basePath());
        }
    }

    /** Why the gateway's access settings cannot start, each naming its setting; empty when they can. */
    static List<String> accessProblems(Optional<String> token, boolean open, boolean apiTokensSet) {
        List<String> problems = new ArrayList<>();
        if (token.isPresent()) {
            if (!TOKEN_CHARACTERS.matcher(token.get()).matches()) {
                problems.add("imhook.gateway.token (IMHOOK_GATEWAY_TOKEN) may hold only letters, digits, '-' and "
                        + "'_', as it goes into OpenIM's url as it is (a base64 value with '+', '/' or '=' is "
                        + "refused): " + MAKE_ONE);
            }
            if (token.get().length() < MIN_TOKEN_LENGTH) {
                problems.add("imhook.gateway.token (IMHOOK_GATEWAY_TOKEN) must be at least " + MIN_TOKEN_LENGTH
                        + " characters: " + MAKE_ONE);
            }
            if (open) {
                problems.add("imhook.gateway.token is set and imhook.gateway.open (IMHOOK_GATEWAY_OPEN) is true: a "
                        + "gateway behind a token is not open; unset one of them");
            }
        } else if (apiTokensSet && !open) {
            problems.add("imhook.api.tokens is set but imhook.gateway.token is not, which would leave the OpenIM "
                    + "gateway open to anyone who reaches the port: set IMHOOK_GATEWAY_TOKEN (" + MAKE_ONE
                    + ") and put it in OpenIM's url ({base-path}/<token>), or declare the gateway open with "
                    + "IMHOOK_GATEWAY_OPEN=true");
        }
        return problems;
    }

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

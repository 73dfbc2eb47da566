package io.imhook.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.config.WebhooksConfig.CallbackEntry;
import io.quarkus.runtime.Startup;
import io.smallrye.config.SmallRyeConfig;

/**
 * The effective settings of all 53 callbacks, resolved once from {@code webhooks.yml} at start-up (dev mode
 * restarts the app when the file changes). Warns about keys it does not know.
 */
@Startup
@Singleton
public class WebhookSettings {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(WebhookSettings.class);

    private final String url;
    private final Map<String, CallbackSettings> byKey = new LinkedHashMap<>();
    private final Map<String, String> ownUrls = new LinkedHashMap<>();
    private final Set<String> unknownKeys;

    /** Reads the {@code webhooks.yml} the application's config points at; a bad value stops start-up. */
    @Inject
    public WebhookSettings(Config appConfig) {
        this(WebhooksFile.load(WebhooksFile.location(appConfig), appConfig));
        LOG.infof("webhooks.yml: %s, url %s, %d of %d callbacks enabled", WebhooksFile.location(appConfig),
                io.imhook.logging.UrlRedaction.redact(url),
                byKey.values().stream().filter(CallbackSettings::enabled).count(), byKey.size());
    }

    /** Resolves the settings of an already loaded {@code webhooks.yml}. */
    public WebhookSettings(SmallRyeConfig webhooksConfig) {
        WebhooksConfig config = webhooksConfig.getConfigMapping(WebhooksConfig.class);
        this.url = config.url().replaceAll("/+$", "");
        for (CallbackType type : CallbackCatalogue.all()) {
            CallbackEntry entry = config.callbacks().get(type.key());
            byKey.put(type.key(), resolve(type, entry));
            if (entry != null) {
                entry.url().ifPresent(own -> ownUrls.put(type.key(), own.replaceAll("/+$", "")));
            }
        }
        this.unknownKeys = unknownKeys(webhooksConfig);
        if (!unknownKeys.isEmpty()) {
            LOG.warnf("webhooks.yml: ignoring unknown keys %s (known callback keys: %s)", unknownKeys,
                    CallbackCatalogue.keys());
        }
    }

    /** Keys of the file that are not callbacks or callback fields; ignored with a warning. */
    public Set<String> unknownKeys() {
        return unknownKeys;
    }

    /** The business server's base URL, without a trailing slash. */
    public String url() {
        return url;
    }

    /** The base URL {@code type} is POSTed under: its own {@code url} when it has one, else the top-level one. */
    public String url(CallbackType type) {
        return ownUrls.getOrDefault(type.key(), url);
    }

    public CallbackSettings of(CallbackType type) {
        return byKey.get(type.key());
    }

    /** All callbacks' settings, in catalogue order. */
    public Map<String, CallbackSettings> all() {
        return byKey;
    }

    private static CallbackSettings resolve(CallbackType type, CallbackEntry entry) {
        if (entry == null) {
            return new CallbackSettings(type, false, DEFAULT_TIMEOUT, type.failedContinueDefault(), List.of(),
                    Optional.empty(), Set.of());
        }
        Duration timeout = Duration.ofSeconds(entry.timeout());
        if (entry.timeout() <= 0) {
            LOG.warnf("webhooks.yml: %s.timeout is %d; using %d s instead", type.key(), entry.timeout(),
                    DEFAULT_TIMEOUT.toSeconds());
            timeout = DEFAULT_TIMEOUT;
        }
        return new CallbackSettings(type, entry.enable(), timeout,
                entry.failedContinue().orElse(type.failedContinueDefault()),
                entry.deniedTypes().orElse(List.of()),
                entry.allowedTypes(),
                Set.copyOf(entry.attentionIds().orElse(List.of())));
    }

    private static Set<String> unknownKeys(Config rawConfig) {
        Set<String> unknown = new TreeSet<>();
        for (String name : rawConfig.getPropertyNames()) {
            if (!name.startsWith("webhooks.") || name.equals("webhooks.url")) {
                continue;
            }
            String[] parts = name.substring("webhooks.".length()).split("\\.", 2);
            String key = parts[0].replaceAll("\\[.*$", "");
            if (CallbackCatalogue.byKey(key).isEmpty()) {
                unknown.add(key);
            } else if (parts.length > 1 && !WebhooksFile.ENTRY_PROPERTIES.contains(parts[1].replaceAll("\\[.*$", ""))) {
                unknown.add(key + "." + parts[1]);
            }
        }
        return Set.copyOf(unknown);
    }
}

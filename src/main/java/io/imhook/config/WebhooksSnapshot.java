package io.imhook.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.config.WebhooksConfig.CallbackEntry;
import io.smallrye.config.SmallRyeConfig;

/**
 * One loaded {@code webhooks.yml}, resolved: the effective settings of all 53 callbacks, and which file content
 * they came from. Immutable: a reload builds a new snapshot and {@link WebhookSettings} swaps it in atomically, so a
 * callback that captured a snapshot at its start finishes under it.
 */
public final class WebhooksSnapshot {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(WebhooksSnapshot.class);

    private final String url;
    private final Map<String, CallbackSettings> byKey;
    private final Map<String, String> ownUrls;
    private final Map<String, String> shadowUrls;
    private final Set<String> unordered;
    private final Map<String, List<DeliveryTarget>> targets;
    private final Set<String> unknownKeys;
    private final String location;
    private final String sha256;
    private final Instant loadedAt;

    private WebhooksSnapshot(String url, Map<String, CallbackSettings> byKey, Map<String, String> ownUrls,
            Map<String, String> shadowUrls, Set<String> unordered, Map<String, List<DeliveryTarget>> targets,
            Set<String> unknownKeys, String location, String sha256, Instant loadedAt) {
        this.url = url;
        this.byKey = Collections.unmodifiableMap(byKey);
        this.ownUrls = Map.copyOf(ownUrls);
        this.shadowUrls = Map.copyOf(shadowUrls);
        this.unordered = Set.copyOf(unordered);
        this.targets = Map.copyOf(targets);
        this.unknownKeys = unknownKeys;
        this.location = location;
        this.sha256 = sha256;
        this.loadedAt = loadedAt;
    }

    /**
     * Reads the file at {@code location} and resolves it, overridden by the application's {@code webhooks.*}
     * values, exactly as at start-up.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not YAML
     * @throws io.smallrye.config.ConfigValidationException naming key and value when a value is bad
     */
    public static WebhooksSnapshot load(String location, Config appConfig) {
        return load(location, WebhooksFile.read(location), appConfig);
    }

    /** As {@link #load(String, Config)}, with the file's content already read. */
    public static WebhooksSnapshot load(String location, byte[] content, Config appConfig) {
        return of(WebhooksFile.load(location, content, appConfig), location, sha256(content), Instant.now());
    }

    /** Resolves an already loaded {@code webhooks.yml} whose content is not known (tests, tools). */
    public static WebhooksSnapshot of(SmallRyeConfig webhooksConfig) {
        return of(webhooksConfig, "", "", Instant.now());
    }

    static WebhooksSnapshot of(SmallRyeConfig webhooksConfig, String location, String sha256, Instant loadedAt) {
        WebhooksConfig config = webhooksConfig.getConfigMapping(WebhooksConfig.class);
        Map<String, CallbackSettings> byKey = new LinkedHashMap<>();
        Map<String, String> ownUrls = new LinkedHashMap<>();
        Map<String, String> shadowUrls = new LinkedHashMap<>();
        Set<String> unordered = new LinkedHashSet<>();
        Map<String, List<DeliveryTarget>> targets = new LinkedHashMap<>();
        for (CallbackType type : CallbackCatalogue.all()) {
            CallbackEntry entry = config.callbacks().get(type.key());
            byKey.put(type.key(), resolve(type, entry));
            if (entry != null) {
                entry.url().ifPresent(own -> ownUrls.put(type.key(), UrlPaths.withoutTrailingSlashes(own)));
                entry.ordering().filter(ordering -> ordering == Ordering.NONE).ifPresent(none -> {
                    if (type.isBefore()) {
                        LOG.warnf("webhooks.yml: %s.ordering is ignored: only after-callbacks are queued",
                                type.key());
                    } else {
                        unordered.add(type.key());
                    }
                });
                entry.shadow().ifPresent(shadow -> {
                    if (type.isBefore()) {
                        shadowUrls.put(type.key(), UrlPaths.withoutTrailingSlashes(shadow));
                    } else {
                        LOG.warnf("webhooks.yml: %s.shadow is ignored: only before-callbacks have a shadow (an "
                                + "after-callback decides nothing to compare)", type.key());
                    }
                });
                if (!entry.targets().isEmpty()) {
                    if (type.isBefore()) {
                        LOG.warnf("webhooks.yml: %s.targets is ignored: a before-callback has one decider (a second "
                                + "business server can be its shadow)", type.key());
                    } else {
                        targets.put(type.key(), targets(type, entry, !unordered.contains(type.key())));
                    }
                }
            }
        }
        Set<String> unknownKeys = unknownKeys(webhooksConfig);
        if (!unknownKeys.isEmpty()) {
            LOG.warnf("webhooks.yml: ignoring unknown keys %s (known callback keys: %s)", unknownKeys,
                    CallbackCatalogue.keys());
        }
        return new WebhooksSnapshot(UrlPaths.withoutTrailingSlashes(config.url()), byKey, ownUrls, shadowUrls,
                unordered, targets, unknownKeys, location, sha256, loadedAt);
    }

    /** The business server's base URL, without a trailing slash. */
    public String url() {
        return url;
    }

    /** The base URL {@code type} is POSTed under: its own {@code url} when it has one, else the top-level one. */
    public String url(CallbackType type) {
        return ownUrls.getOrDefault(type.key(), url);
    }

    /**
     * Whether some target of {@code type} gets its events in order per conversation ({@code ordering:
     * conversation}): then an event keeps its conversation as its ordering key, else it is a conversation of its own.
     */
    public boolean inConversationOrder(CallbackType type) {
        return targets(type).stream().anyMatch(DeliveryTarget::inConversationOrder);
    }

    /**
     * The business servers {@code type}'s events go to, each delivered on its own: its {@code targets:}, by
     * name, or else the one {@link DeliveryTarget#DEFAULT} target at {@link #url(CallbackType)}.
     */
    public List<DeliveryTarget> targets(CallbackType type) {
        List<DeliveryTarget> named = targets.get(type.key());
        return named != null ? named : List.of(defaultTarget(type));
    }

    /** Whether {@code type}'s entry names its targets ({@code targets:}), rather than delivering to its url. */
    public boolean namesTargets(CallbackType type) {
        return targets.containsKey(type.key());
    }

    /**
     * The target {@code name} of {@code type} in this snapshot: a named one, or {@link DeliveryTarget#DEFAULT} at
     * the key's url when the entry names no target of that name (an event accepted before {@code targets:} was
     * added still goes to the url it was meant for).
     */
    public Optional<DeliveryTarget> target(CallbackType type, String name) {
        Optional<DeliveryTarget> found = targets(type).stream().filter(target -> target.name().equals(name))
                .findFirst();
        if (found.isEmpty() && DeliveryTarget.DEFAULT.equals(name)) {
            return Optional.of(defaultTarget(type));
        }
        return found;
    }

    private DeliveryTarget defaultTarget(CallbackType type) {
        return new DeliveryTarget(DeliveryTarget.DEFAULT, url(type), !unordered.contains(type.key()));
    }

    /** The base URL of {@code type}'s shadow business server, if its entry names one. */
    public Optional<String> shadowUrl(CallbackType type) {
        return Optional.ofNullable(shadowUrls.get(type.key()));
    }

    /** Every base URL some callback is POSTed under: the per-url breakers and bulkheads this snapshot needs. */
    public Set<String> baseUrls() {
        Set<String> urls = new LinkedHashSet<>();
        CallbackCatalogue.all().forEach(type -> urls.add(url(type)));
        return urls;
    }

    public CallbackSettings of(CallbackType type) {
        return byKey.get(type.key());
    }

    /** All callbacks' settings, in catalogue order. */
    public Map<String, CallbackSettings> all() {
        return byKey;
    }

    /** Keys of the file that are not callbacks or callback fields; ignored with a warning. */
    public Set<String> unknownKeys() {
        return unknownKeys;
    }

    /** Where the file was read from ({@code imhook.webhooks-file}); empty when not read from a location. */
    public String location() {
        return location;
    }

    /** The SHA-256 of the file's bytes, in lower-case hex (what {@code sha256sum} prints); empty when unknown. */
    public String sha256() {
        return sha256;
    }

    /** When this snapshot was loaded. */
    public Instant loadedAt() {
        return loadedAt;
    }

    public long enabledCallbacks() {
        return byKey.values().stream().filter(CallbackSettings::enabled).count();
    }

    /** The SHA-256 of {@code content}, in lower-case hex. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** As {@link #sha256(byte[])}, of a string's UTF-8 bytes. */
    public static String sha256(String content) {
        return sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    private static List<DeliveryTarget> targets(CallbackType type, CallbackEntry entry, boolean inOrder) {
        List<DeliveryTarget> resolved = new java.util.ArrayList<>();
        entry.targets().forEach((name, target) -> {
            if (!DeliveryTarget.isValidName(name)) {
                throw new IllegalArgumentException("webhooks.yml: " + type.key() + ".targets: the target name '"
                        + name + "' is not 1 to 64 letters, digits, '-' or '_'");
            }
            boolean targetInOrder = target.ordering().map(ordering -> ordering == Ordering.CONVERSATION)
                    .orElse(inOrder);
            resolved.add(new DeliveryTarget(name, UrlPaths.withoutTrailingSlashes(target.url()), targetInOrder));
        });
        // the config's map keeps no file order: by name, so that every replica and reload lists them alike
        resolved.sort(java.util.Comparator.comparing(DeliveryTarget::name));
        return List.copyOf(resolved);
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
            } else if (parts.length > 1
                    && !WebhooksFile.ENTRY_PROPERTIES.contains(parts[1].replaceAll("[\\[.].*$", ""))) {
                unknown.add(key + "." + parts[1]);
            }
        }
        return Set.copyOf(unknown);
    }
}

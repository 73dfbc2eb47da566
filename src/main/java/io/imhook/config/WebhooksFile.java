package io.imhook.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

import io.imhook.callback.CallbackCatalogue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;

/**
 * Reads {@code webhooks.yml} as OpenIM ships it (top-level keys, no prefix) into a {@link WebhooksConfig}.
 * <p>
 * The file is read at run time, never at build time: Quarkus records the build-time value of every runtime
 * property it sees, so a file loaded as an ordinary config source would be frozen into the binary and shadow a
 * ConfigMap mounted later. Single values can still be overridden through the application's own config
 * ({@code application.yaml}, {@code -D}, environment such as {@code WEBHOOKS_URL}).
 */
public final class WebhooksFile {

    /** The setting that points the service at an external {@code webhooks.yml}. */
    public static final String LOCATION_PROPERTY = "imhook.webhooks-file";
    /** The shipped default, on the class path. */
    public static final String DEFAULT_LOCATION = "classpath:webhooks.yml";
    static final Set<String> ENTRY_PROPERTIES =
            Set.of("enable", "timeout", "failedContinue", "deniedTypes", "allowedTypes", "attentionIds", "url",
                    "shadow", "ordering", "targets");
    private static final String PREFIX = "webhooks.";
    private static final String CLASSPATH = "classpath:";

    private WebhooksFile() {
    }

    /** Where the application's config says the file is. */
    public static String location(Config appConfig) {
        return appConfig.getOptionalValue(LOCATION_PROPERTY, String.class)
                .filter(value -> !value.isBlank())
                .map(String::trim)
                .orElse(DEFAULT_LOCATION);
    }

    /** Whether {@code location} names a file on disk, which can change while the service runs. */
    public static boolean isFile(String location) {
        return !location.startsWith(CLASSPATH);
    }

    /**
     * Builds the config of one {@code webhooks.yml}: the file, overridden by any {@code webhooks.*} value of the
     * application's config.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not YAML
     * @throws io.smallrye.config.ConfigValidationException naming key and value when a value is bad
     */
    public static SmallRyeConfig load(String location, Config appConfig) {
        return load(location, read(location), appConfig);
    }

    /** As {@link #load(String, Config)}, with the file's content already read (a reload hashes it first). */
    public static SmallRyeConfig load(String location, byte[] content, Config appConfig) {
        return new SmallRyeConfigBuilder()
                .withSources(source(location, new String(content, StandardCharsets.UTF_8)), overrides(appConfig))
                .withConverter(ContentTypeRange.class, 100, new ContentTypeRangeConverter())
                .withMapping(WebhooksConfig.class)
                .withValidateUnknown(false)
                .build();
    }

    /** Reads the file at {@code location} into a config source whose keys carry the {@code webhooks.} prefix. */
    static ConfigSource source(String location) {
        return source(location, new String(read(location), StandardCharsets.UTF_8));
    }

    private static ConfigSource source(String location, String yaml) {
        Map<String, String> prefixed = new HashMap<>();
        try {
            new YamlConfigSource(location, yaml, 100).getProperties()
                    .forEach((key, value) -> prefixed.put(PREFIX + key, value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "webhooks.yml at " + location + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!holdsSettings(prefixed.keySet())) {
            // every key would fall back to its default (53 callbacks disabled), which is never what an operator
            // meant: it is the state a file passes through while it is truncated and written again
            throw new IllegalArgumentException("webhooks.yml at " + location
                    + " holds neither a url nor a callback key (empty, or cut short while being written)");
        }
        return new PropertiesConfigSource(prefixed, "webhooks.yml (" + location + ")", 100);
    }

    /** Whether the file's own keys name the top-level url or at least one callback of the catalogue. */
    private static boolean holdsSettings(Set<String> names) {
        for (String name : names) {
            String key = name.substring(PREFIX.length()).split("\\.", 2)[0];
            if (key.equals("url") || CallbackCatalogue.byKey(key).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The {@code webhooks.*} values the application's config sets, looked up by name so env vars match too. */
    private static ConfigSource overrides(Config appConfig) {
        Map<String, String> values = new HashMap<>();
        appConfig.getOptionalValue(PREFIX + "url", String.class).ifPresent(url -> values.put(PREFIX + "url", url));
        for (String key : CallbackCatalogue.keys()) {
            for (String property : ENTRY_PROPERTIES) {
                String name = PREFIX + key + "." + property;
                appConfig.getOptionalValue(name, String.class).ifPresent(value -> values.put(name, value));
            }
        }
        // a target's name is the user's: its properties can only be found by listing the names the config has
        for (String name : appConfig.getPropertyNames()) {
            String[] parts = name.split("\\.", 4);
            if (parts.length == 4 && parts[0].equals("webhooks") && parts[2].equals("targets")
                    && CallbackCatalogue.byKey(parts[1]).isPresent()) {
                appConfig.getOptionalValue(name, String.class).ifPresent(value -> values.put(name, value));
            }
        }
        return new PropertiesConfigSource(values, "application config (webhooks.*)", 200);
    }

    /** The bytes of the file at {@code location}, following symbolic links (a mounted ConfigMap is one). */
    public static byte[] read(String location) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length());
                URL url = Thread.currentThread().getContextClassLoader().getResource(resource);
                if (url == null) {
                    throw new IllegalArgumentException(LOCATION_PROPERTY + "=" + location
                            + ": no such resource on the class path");
                }
                try (InputStream in = url.openStream()) {
                    return in.readAllBytes();
                }
            }
            Path path = Path.of(location);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(LOCATION_PROPERTY + "=" + location + ": no such file");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(LOCATION_PROPERTY + "=" + location + ": cannot be read", e);
        }
    }
}

package io.imhook.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.source.yaml.YamlConfigSource;

/**
 * Loads {@code webhooks.yml} as OpenIM ships it (top-level keys, no prefix) and exposes it under the
 * {@code webhooks.} prefix for {@link WebhooksConfig}. The file is found at run time through
 * {@value #LOCATION_PROPERTY} (environment: {@code IMHOOK_WEBHOOKS_FILE}), a file path or {@code classpath:name};
 * without it the {@code webhooks.yml} shipped with the service is used.
 */
public class WebhooksConfigSourceFactory implements ConfigSourceFactory {

    /** The setting that points the service at an external {@code webhooks.yml}. */
    public static final String LOCATION_PROPERTY = "imhook.webhooks-file";
    /** The shipped default, on the class path. */
    public static final String DEFAULT_LOCATION = "classpath:webhooks.yml";
    /** Below application.yaml (250) and the environment (300), so single values can still be overridden. */
    static final int ORDINAL = 240;
    private static final String CLASSPATH = "classpath:";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue configured = context.getValue(LOCATION_PROPERTY);
        String location = configured == null || configured.getValue() == null || configured.getValue().isBlank()
                ? DEFAULT_LOCATION
                : configured.getValue().trim();
        return List.of(load(location));
    }

    /** Reads the file at {@code location} into a config source whose keys carry the {@code webhooks.} prefix. */
    public static ConfigSource load(String location) {
        String yaml = read(location);
        Map<String, String> prefixed = new HashMap<>();
        try {
            new YamlConfigSource(location, yaml, ORDINAL).getProperties()
                    .forEach((key, value) -> prefixed.put("webhooks." + key, value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "webhooks.yml at " + location + " is not valid YAML: " + e.getMessage(), e);
        }
        return new PropertiesConfigSource(prefixed, "webhooks.yml (" + location + ")", ORDINAL);
    }

    private static String read(String location) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length());
                URL url = Thread.currentThread().getContextClassLoader().getResource(resource);
                if (url == null) {
                    throw new IllegalArgumentException(LOCATION_PROPERTY + "=" + location
                            + ": no such resource on the class path");
                }
                try (InputStream in = url.openStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            Path path = Path.of(location);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(LOCATION_PROPERTY + "=" + location + ": no such file");
            }
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(LOCATION_PROPERTY + "=" + location + ": cannot be read", e);
        }
    }
}

package io.imhook.dispatch;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link DispatchConfig} for plain unit tests: its defaults, with {@code properties} on top. */
public final class TestDispatchConfig {

    private TestDispatchConfig() {
    }

    public static DispatchConfig with(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(DispatchConfig.class)
                // the "5s" and "1M" forms of the defaults are Quarkus' own, not SmallRye Config's
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(DispatchConfig.class);
    }
}

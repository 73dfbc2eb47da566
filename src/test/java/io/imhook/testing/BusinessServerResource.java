package io.imhook.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the test {@link BusinessServer} and points {@code webhooks.url} at it. */
public class BusinessServerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("webhooks.url", BusinessServer.instance().url());
    }

    @Override
    public void stop() {
        BusinessServer.shutdown();
    }
}

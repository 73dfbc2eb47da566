package io.imhook.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The packaged app as shipped (prod profile, the shipped webhooks.yml) for the {@code *IT} classes, with three
 * changes passed to the jar or binary as system properties: the url follows the port the ITs run it on
 * ({@code quarkus.http.test-port}, not 10006), afterUserOnline is enabled so an after-callback can be followed to
 * the receiver, and the per-request log line is on so the JSON logs can be checked.
 */
public class ShippedAppProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "webhooks.url", "http://127.0.0.1:${quarkus.http.port}/callbackExample",
                "webhooks.afterUserOnline.enable", "true",
                "quarkus.log.category.\"io.imhook.logging\".level", "DEBUG");
    }
}

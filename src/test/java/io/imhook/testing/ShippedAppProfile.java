package io.imhook.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The packaged app as shipped (prod profile, the shipped webhooks.yml) for the {@code *IT} classes, with three
 * changes passed to the jar or binary as system properties: it listens on a free port and its url points at its own
 * receiver on that port, afterUserOnline is enabled so an after-callback can be followed to the receiver, and the
 * per-request log line is on so the JSON logs can be checked.
 * <p>
 * The port is {@code quarkus.http.port}, not {@code quarkus.http.test-port}: the launcher passes
 * {@code -Dquarkus.http.port=0} (the test port) first and these properties after it, so this one wins, and it
 * finds the port the app really took in the app's "Listening on" line.
 */
public class ShippedAppProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.port", String.valueOf(SelfTarget.PORT),
                "webhooks.url", SelfTarget.receiverUrl(),
                "webhooks.afterUserOnline.enable", "true",
                "quarkus.log.category.\"io.imhook.logging\".level", "DEBUG");
    }
}

package io.imhook.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.imhook.signing.SigningSecret;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app as an operator secures it: two signing secrets (a rotation in progress), the receiver verifying with the
 * newer one, and an API token. The values are test-only and spelled out here so the log test can look for them.
 */
public class SecuredProfile implements QuarkusTestProfile {

    static final String OLD_KEY = Base64.getEncoder().encodeToString(
            "imhook-test-signing-key-old-0001".getBytes(StandardCharsets.US_ASCII));
    static final String NEW_KEY = Base64.getEncoder().encodeToString(
            "imhook-test-signing-key-new-0002".getBytes(StandardCharsets.US_ASCII));
    static final String OLD_SECRET = "whsec_" + OLD_KEY;
    static final String NEW_SECRET = "whsec_" + NEW_KEY;
    static final String TOKEN = "imhook-test-api-token-7c1f0e9b2d";

    static SigningSecret newSecret() {
        return SigningSecret.parse(NEW_SECRET);
    }

    static SigningSecret oldSecret() {
        return SigningSecret.parse(OLD_SECRET);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "imhook.signing.secrets", OLD_SECRET + "," + NEW_SECRET,
                "imhook.receiver.signing.secrets", NEW_SECRET,
                "imhook.api.tokens", TOKEN,
                // retries and dead letters within a test
                "imhook.dispatch.after-queue.retry.max-retries", "2");
    }
}

package io.imhook.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import io.imhook.signing.SigningSecret;
import io.imhook.testing.FreePort;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app as an operator secures it: two signing secrets (a rotation in progress), the receiver verifying with the
 * newer one, an API token, and https business servers trusted through a TLS configuration of the Quarkus TLS
 * registry: {@code beforeSetFriendRemark} goes to an https server whose self-signed certificate is in the trust
 * store, {@code beforeAddFriendAgree} to one whose certificate is not ({@link BusinessServerTlsTest} starts both).
 * The values are test-only and spelled out here so the log test can look for them.
 */
public class SecuredProfile implements QuarkusTestProfile {

    static final String OLD_KEY = Base64.getEncoder().encodeToString(
            "imhook-test-signing-key-old-0001".getBytes(StandardCharsets.US_ASCII));
    static final String NEW_KEY = Base64.getEncoder().encodeToString(
            "imhook-test-signing-key-new-0002".getBytes(StandardCharsets.US_ASCII));
    static final String OLD_SECRET = "whsec_" + OLD_KEY;
    static final String NEW_SECRET = "whsec_" + NEW_KEY;
    static final String TOKEN = "imhook-test-api-token-7c1f0e9b2d";
    static final String GATEWAY_TOKEN = "imhook-test-gateway-token-4b7e9a";
    /** webhook-ids the receiver keeps, few enough for {@link ReceiverSignatureTest} to reach. */
    static final int REPLAY_CAPACITY = 40;

    /** The TLS configuration the dispatcher's client trusts https business servers with. */
    static final String TLS_CONFIGURATION = "imhook-business-server";
    static final String TRUSTED_KEY = "beforeSetFriendRemark";
    static final String UNTRUSTED_KEY = "beforeAddFriendAgree";
    /** Self-signed test certificates for localhost (openssl, 100 years), never used anywhere else. */
    static final Path TLS_DIR = Path.of("src/test/resources/tls").toAbsolutePath();

    /**
     * The port of one of the https business servers: chosen once per JVM and kept in a system property, because
     * the profile and the test class may be loaded by different class loaders and must agree on it.
     */
    static int tlsPort(String which) {
        String property = "imhook.test.tls-port." + which;
        synchronized (System.getProperties()) {
            String port = System.getProperty(property);
            if (port == null) {
                port = String.valueOf(FreePort.pick());
                System.setProperty(property, port);
            }
            return Integer.parseInt(port);
        }
    }

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
                "imhook.receiver.signing.replay-capacity", String.valueOf(REPLAY_CAPACITY),
                "imhook.api.tokens", TOKEN,
                "imhook.gateway.token", GATEWAY_TOKEN,
                // retries and dead letters within a test
                "imhook.dispatch.after-queue.retry.max-retries", "2",
                "quarkus.tls." + TLS_CONFIGURATION + ".trust-store.pem.certs",
                TLS_DIR.resolve("trusted-business-server.crt").toString(),
                "imhook.dispatch.tls-configuration-name", TLS_CONFIGURATION,
                "webhooks." + TRUSTED_KEY + ".url", "https://127.0.0.1:" + tlsPort("trusted") + "/cb",
                "webhooks." + UNTRUSTED_KEY + ".url", "https://127.0.0.1:" + tlsPort("untrusted") + "/cb");
    }
}

package io.imhook.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks symmetric signature (version {@code v1}): HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, base64-encoded. A pure function: the same secret, id, timestamp
 * and bytes always give the same signature, and nothing else goes in.
 */
public final class WebhookSigner {

    /** The header that carries the event's id, the same across every retry and replay. */
    public static final String ID_HEADER = "webhook-id";
    /** The header that carries the Unix seconds of the attempt. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** The header that carries one {@code v1,<base64>} per secret, space-separated. */
    public static final String SIGNATURE_HEADER = "webhook-signature";
    static final String VERSION = "v1";
    private static final String HMAC = "HmacSHA256";

    private WebhookSigner() {
    }

    /** One signature, {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}. */
    public static String sign(SigningSecret secret, String id, long timestamp, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(secret, id, timestamp, body));
    }

    /** The {@code webhook-signature} value: one signature per secret, space-separated, so that keys can rotate. */
    public static String signatureHeader(List<SigningSecret> secrets, String id, long timestamp, byte[] body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no signing secret");
        }
        return secrets.stream().map(secret -> sign(secret, id, timestamp, body)).collect(Collectors.joining(" "));
    }

    /** The raw HMAC bytes; the verifier compares these, not their text. */
    static byte[] mac(SigningSecret secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.key(), HMAC));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

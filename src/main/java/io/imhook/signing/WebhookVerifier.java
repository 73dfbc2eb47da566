package io.imhook.signing;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Checks a Standard Webhooks signature over the raw body: any one {@code v1} signature of the header that matches
 * any one secret is enough, compared in constant time; the timestamp must lie within the tolerance of now, in
 * either direction, so that a captured request cannot be replayed later.
 */
public final class WebhookVerifier {

    /** Longer ids are refused before any HMAC is computed. */
    static final int MAX_ID_LENGTH = 256;
    /** More signatures than this in one header are refused (rotation needs two or three). */
    static final int MAX_SIGNATURES = 10;

    private final List<SigningSecret> secrets;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookVerifier(List<SigningSecret> secrets, Duration tolerance, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no signing secret to verify with");
        }
        this.secrets = List.copyOf(secrets);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Why a request was refused; the message names the problem, never a secret or an expected signature. */
    public static final class Rejected extends RuntimeException {
        public Rejected(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Accepts or throws.
     *
     * @param id the {@code webhook-id} header, null when missing
     * @param timestamp the {@code webhook-timestamp} header, null when missing
     * @param signatures the {@code webhook-signature} header, null when missing
     * @throws Rejected when a header is missing or malformed, the timestamp is outside the tolerance, or no
     *         signature matches
     */
    public void verify(String id, String timestamp, String signatures, byte[] body) {
        if (id == null || id.isEmpty() || timestamp == null || signatures == null) {
            throw new Rejected("missing " + WebhookSigner.ID_HEADER + ", " + WebhookSigner.TIMESTAMP_HEADER + " or "
                    + WebhookSigner.SIGNATURE_HEADER + " header");
        }
        if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new Rejected("malformed " + WebhookSigner.ID_HEADER);
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new Rejected("malformed " + WebhookSigner.TIMESTAMP_HEADER + ": not Unix seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > tolerance.toSeconds()) {
            throw new Rejected(WebhookSigner.TIMESTAMP_HEADER + " is more than " + tolerance.toSeconds()
                    + " s away from now");
        }
        String[] offered = signatures.strip().split(" +");
        if (offered.length > MAX_SIGNATURES) {
            throw new Rejected("too many signatures in " + WebhookSigner.SIGNATURE_HEADER);
        }
        boolean matched = false;
        for (SigningSecret secret : secrets) {
            byte[] expected = WebhookSigner.mac(secret, id, seconds, body);
            for (String signature : offered) {
                byte[] candidate = decode(signature);
                // no early exit: every pair is compared, in constant time
                matched |= candidate != null && MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!matched) {
            throw new Rejected("no valid signature in " + WebhookSigner.SIGNATURE_HEADER);
        }
    }

    /** The HMAC bytes of one {@code v1,<base64>}; null for another version or malformed base64. */
    private static byte[] decode(String signature) {
        int comma = signature.indexOf(',');
        if (comma < 0 || !WebhookSigner.VERSION.equals(signature.substring(0, comma))) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(signature.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

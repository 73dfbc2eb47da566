package io.imhook.signing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One Standard Webhooks signing secret: {@code whsec_} followed by the base64 of the key bytes. {@link #toString()}
 * never shows the key, so a secret that reaches a log line or an error body by mistake stays secret.
 */
public final class SigningSecret {

    /** The prefix every Standard Webhooks secret carries. */
    public static final String PREFIX = "whsec_";
    /** HMAC-SHA256 keys shorter than this are refused: Standard Webhooks asks for 24 to 64 bytes. */
    static final int MIN_KEY_BYTES = 16;

    private final byte[] key;

    private SigningSecret(byte[] key) {
        this.key = key;
    }

    /**
     * Parses one secret. The {@code whsec_} prefix is required, so that a token or a password pasted into the
     * wrong setting is refused at start-up instead of signing with it.
     *
     * @throws IllegalArgumentException naming what is wrong, never the secret itself
     */
    public static SigningSecret parse(String text) {
        String value = text == null ? "" : text.strip();
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a signing secret must start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a signing secret must be " + PREFIX + " followed by base64");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "a signing secret must decode to at least " + MIN_KEY_BYTES + " bytes, not " + key.length);
        }
        return new SigningSecret(key);
    }

    /** Parses a list of secrets, e.g. the comma-separated {@code IMHOOK_SIGNING_SECRETS}; blanks are skipped. */
    public static List<SigningSecret> parseAll(List<String> texts) {
        List<SigningSecret> secrets = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                continue;
            }
            try {
                secrets.add(parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secret #" + (i + 1) + ": " + e.getMessage());
            }
        }
        return List.copyOf(secrets);
    }

    byte[] key() {
        return key;
    }

    @Override
    public String toString() {
        return PREFIX + "***";
    }
}

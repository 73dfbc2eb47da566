package io.imhook.logging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A message body as a log line may show it: by default only its size and a hash, which tell two events apart and
 * match a body an operator holds, without putting what users wrote into the logs. The text itself only with
 * {@code imhook.log.bodies=true}.
 */
public final class LoggedBody {

    /** The setting that allows bodies in log lines. */
    public static final String PROPERTY = "imhook.log.bodies";

    private LoggedBody() {
    }

    /** {@code size=123 sha256=0123456789abcdef}, or the body's text where {@link #PROPERTY} allows it. */
    public static String of(byte[] body) {
        if (body == null) {
            return "size=0";
        }
        if (bodiesAllowed()) {
            return new String(body, StandardCharsets.UTF_8);
        }
        return "size=" + body.length + " sha256=" + HexFormat.of().formatHex(sha256(body), 0, 8);
    }

    static boolean bodiesAllowed() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(PROPERTY, Boolean.class).orElse(false);
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

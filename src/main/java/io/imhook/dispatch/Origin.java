package io.imhook.dispatch;

import java.net.URI;
import java.util.Locale;

/**
 * A base url as it may be shown to operators: {@code scheme://host:port}, nothing else. A business server's url can
 * carry a token in its path, query or user info, and readiness data and metric tags are readable by more people
 * than {@code webhooks.yml}.
 */
public final class Origin {

    private Origin() {
    }

    /** {@code scheme://host:port} of {@code url}, the port filled in from the scheme when absent. */
    public static String of(String url) {
        try {
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (host == null) {
                return "invalid-url";
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return "invalid-url";
        }
    }
}

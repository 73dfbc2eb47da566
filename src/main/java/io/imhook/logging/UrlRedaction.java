package io.imhook.logging;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A url as logs and {@code /q/health} may show it: {@code scheme://host:port} only. Receivers often hide a token in
 * the path or the query of {@code webhooks.yml}'s url, and user info is a password; none of it may leave the service.
 */
public final class UrlRedaction {

    private UrlRedaction() {
    }

    /** {@code scheme://host:port} (the scheme's default port when none is given); {@code "(invalid url)"} otherwise. */
    public static String redact(String url) {
        if (url == null) {
            return "(no url)";
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null) {
                return "(invalid url)";
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(scheme) ? 443 : 80;
            return scheme.toLowerCase() + "://" + host + ":" + port;
        } catch (URISyntaxException e) {
            return "(invalid url)";
        }
    }
}

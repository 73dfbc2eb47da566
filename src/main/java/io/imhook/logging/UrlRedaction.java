package io.imhook.logging;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A url as logs and {@code /q/health} may show it: {@code scheme://host:port} only. Receivers often hide a token in
 * the path or the query of {@code webhooks.yml}'s url, and user info is a password; none of it may leave the service.
 */
public final class UrlRedaction {

    /** A url inside a text: a scheme, {@code ://}, and everything up to white space or a quote. */
    private static final Pattern URL_IN_TEXT = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'`]+");

    private UrlRedaction() {
    }

    /**
     * A text (an error message that quotes a configured value) with every url in it cut to {@code scheme://host:port},
     * so that a refused {@code webhooks.yml} can be described where it is shown without the path, query or user info
     * of a url it holds.
     */
    public static String redactUrlsIn(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        Matcher urls = URL_IN_TEXT.matcher(text);
        StringBuilder redacted = new StringBuilder();
        while (urls.find()) {
            urls.appendReplacement(redacted, Matcher.quoteReplacement(redact(urls.group())));
        }
        return urls.appendTail(redacted).toString();
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

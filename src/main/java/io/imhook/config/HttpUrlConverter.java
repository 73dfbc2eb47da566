package io.imhook.config;

import java.net.URI;
import java.net.URISyntaxException;

import org.eclipse.microprofile.config.spi.Converter;

import io.imhook.logging.UrlRedaction;

/** Accepts only an absolute http or https URL with a host, so a typo stops start-up. */
public class HttpUrlConverter implements Converter<String> {

    @Override
    public String convert(String value) {
        String url = value.trim();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        // the value itself may hold a token or a password: the message shows scheme, host and port at most
        throw new IllegalArgumentException("'" + UrlRedaction.redactUrlsIn(value) + "' is not an http or https URL");
    }
}

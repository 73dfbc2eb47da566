package io.imhook.config;

import java.net.URI;
import java.net.URISyntaxException;

import org.eclipse.microprofile.config.spi.Converter;

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
        throw new IllegalArgumentException("'" + value + "' is not an http or https URL");
    }
}

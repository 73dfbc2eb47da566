package io.imhook.config;

import org.eclipse.microprofile.config.spi.Converter;

/** Reads a {@code deniedTypes}/{@code allowedTypes} element: a number or a range (registered as a service). */
public class ContentTypeRangeConverter implements Converter<ContentTypeRange> {

    @Override
    public ContentTypeRange convert(String value) {
        return value == null || value.isBlank() ? null : ContentTypeRange.parse(value);
    }
}

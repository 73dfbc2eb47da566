package io.imhook.testing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Test scope only: the app's spans end up in memory, where the tracing tests read them (Quarkus's OpenTelemetry
 * guide does the same). Quarkus composes every {@code SpanExporter} bean, so this sits beside the app's own.
 */
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}

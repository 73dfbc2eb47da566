package io.imhook.tracing;

import java.util.Collection;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;

/**
 * Keeps the OTLP exporter off until an endpoint is configured, so that nothing needs a collector by default.
 * <p>
 * Quarkus installs its OTLP exporter unless the application has a {@link SpanExporter} bean, and would otherwise
 * send to {@code http://localhost:4317} and log an export error every few seconds. This bean is that
 * {@link SpanExporter}, dropping every span, as long as {@code quarkus.otel.exporter.otlp.endpoint} and
 * {@code quarkus.otel.exporter.otlp.traces.endpoint} (env {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}, ...) both
 * have their default, {@code http://localhost:4317/}; once one is set to anything else, the bean is out of lookup
 * and Quarkus's OTLP exporter takes the spans (a collector really on localhost: {@code http://localhost:4317},
 * without the slash). Without a collector, {@link CollectorAwareSampler} records no spans either.
 */
@Singleton
@Unremovable
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.endpoint", stringValue = NoCollectorExporter.UNSET,
        lookupIfMissing = true)
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint", stringValue = NoCollectorExporter.UNSET,
        lookupIfMissing = true)
public class NoCollectorExporter implements SpanExporter {

    /** The default of both endpoint properties, which Quarkus itself reads as "none configured". */
    static final String UNSET = "http://localhost:4317/";

    /** Whether either endpoint property names a collector (anything but the default). */
    static boolean collectorConfigured(Config config) {
        return !config.getOptionalValue("quarkus.otel.exporter.otlp.endpoint", String.class).orElse(UNSET)
                .equals(UNSET)
                || !config.getOptionalValue("quarkus.otel.exporter.otlp.traces.endpoint", String.class).orElse(UNSET)
                        .equals(UNSET);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}

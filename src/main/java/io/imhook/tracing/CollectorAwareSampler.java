package io.imhook.tracing;

import java.util.List;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.quarkus.arc.Unremovable;

/**
 * Records spans only when someone collects them. Quarkus fixes {@code quarkus.otel.traces.sampler} at build time,
 * so the choice is made here at start-up: with an OTLP endpoint configured (or
 * {@code imhook.tracing.record-without-collector}), Quarkus's default, parent-based always-on; without one,
 * nothing is recorded. Span contexts (trace ids in the logs) are still made, and the business server gets the
 * incoming {@code traceparent} unchanged ({@link io.imhook.dispatch.CallbackSpans}): recording spans that
 * {@link NoCollectorExporter} then drops cost a few percent of the dispatch path's CPU.
 */
@Singleton
@Unremovable
public class CollectorAwareSampler implements Sampler {

    private final Sampler delegate;

    public CollectorAwareSampler(Config config, TracingConfig tracing) {
        boolean record = tracing.recordWithoutCollector() || NoCollectorExporter.collectorConfigured(config);
        this.delegate = record ? Sampler.parentBased(Sampler.alwaysOn()) : Sampler.alwaysOff();
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "CollectorAwareSampler{" + delegate.getDescription() + "}";
    }
}

package io.imhook.tracing;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.imhook.gateway.GatewayConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Unremovable;

/**
 * Keeps the gateway token out of the server spans. OpenIM cannot send a header, so the token travels in the path
 * ({@code /openim/<token>/{callbackCommand}}), and the HTTP server span records the raw path in {@code url.path}
 * (and, depending on the instrumentation's version, {@code url.full} or {@code http.target}), which goes to the
 * collector once one is configured. The attributes are set when the span starts, so they are rewritten here, before
 * anything can export them: every occurrence of the configured token becomes {@value #REDACTED}, whatever path
 * or query it was found in (a near miss that contains the token included).
 */
@Singleton
@Unremovable
public class GatewayTokenRedaction implements SpanProcessor {

    static final String REDACTED = "{token}";
    private static final List<AttributeKey<String>> URL_ATTRIBUTES = List.of(AttributeKey.stringKey("url.path"),
            AttributeKey.stringKey("url.full"), AttributeKey.stringKey("url.query"),
            AttributeKey.stringKey("http.target"), AttributeKey.stringKey("http.url"));

    private final Optional<String> token;

    public GatewayTokenRedaction(GatewayConfig config) {
        this.token = config.token().filter(value -> !value.isBlank());
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        if (token.isEmpty()) {
            return;
        }
        String secret = token.get();
        for (AttributeKey<String> key : URL_ATTRIBUTES) {
            String value = span.getAttribute(key);
            if (value != null && value.contains(secret)) {
                span.setAttribute(key, value.replace(secret, REDACTED));
            }
        }
        if (span.getName().contains(secret)) {
            span.updateName(span.getName().replace(secret, REDACTED));
        }
    }

    @Override
    public boolean isStartRequired() {
        return token.isPresent();
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}

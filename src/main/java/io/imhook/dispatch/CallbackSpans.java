package io.imhook.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.inject.Singleton;

import io.imhook.callback.BadPayloadException;
import io.imhook.callback.CallbackType;
import io.imhook.dispatch.after.DeliveryFailure;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.mutiny.Uni;

/**
 * The OpenTelemetry spans of the dispatcher: one per dispatch (child of the HTTP request that brought the event,
 * whichever ingress), and under it one per exchange with the business server (before-callbacks) or per delivery
 * attempt (after-callbacks, which run later, so the dispatch's context travels with the queued event as a W3C
 * {@code traceparent}). Each carries the callback key, the operationID, the outcome and the reason.
 * <p>
 * The W3C trace context is put on the business server's request here, from the exchange's own span: Quarkus's
 * Vert.x tracer would only find a parent when the request is sent on the Vert.x context of the incoming request,
 * which the after-queue's workers and the bulkhead's queue are not ({@link BusinessServerClient} turns that tracer
 * off for its client, so there is one client span per exchange).
 */
@Singleton
public class CallbackSpans {

    public static final AttributeKey<String> KEY = AttributeKey.stringKey("imhook.callback.key");
    public static final AttributeKey<String> OPERATION_ID = AttributeKey.stringKey("imhook.operation_id");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("imhook.outcome");
    public static final AttributeKey<String> REASON = AttributeKey.stringKey("imhook.reason");
    public static final AttributeKey<String> INGRESS = AttributeKey.stringKey("imhook.ingress");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("imhook.attempt");
    private static final String TRACEPARENT = "traceparent";
    /** A well-formed W3C traceparent (version 00 and later): anything else a caller sends is not passed on. */
    private static final java.util.regex.Pattern W3C_TRACEPARENT = java.util.regex.Pattern
            .compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final String NO_REASON = "none";
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public CallbackSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.imhook.dispatch");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /**
     * Starts the span of one dispatch, under the current context: the incoming request's, {@code POST
     * /dispatch/{key}} or the gateway's.
     */
    Span startDispatch(Inbound inbound) {
        Span span = tracer.spanBuilder("dispatch " + inbound.key()).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(KEY, inbound.key()).setAttribute(INGRESS, inbound.ingress().wireName()).startSpan();
        if (inbound.operationID() != null && !inbound.operationID().isBlank()) {
            span.setAttribute(OPERATION_ID, inbound.operationID());
        }
        return span;
    }

    /** Ends a dispatch's span with its decision, or with the failure that answered the caller instead. */
    static void endDispatch(Span span, Decision decision, Throwable failure) {
        if (failure != null) {
            recordFailure(span, failure);
            span.setAttribute(OUTCOME, "error");
            span.setAttribute(REASON, failure.getClass().getSimpleName());
        } else {
            span.setAttribute(OPERATION_ID, decision.operationID());
            span.setAttribute(OUTCOME, decision.outcome().wireName());
            span.setAttribute(REASON, decision.reason() == null ? NO_REASON : decision.reason().wireName());
        }
        span.end();
    }

    /** Runs one before-callback exchange in a client span under the dispatch's. */
    Uni<Verdict> exchange(Span dispatch, CallbackType type, String operationID, Duration timeout,
            Function<Span, Uni<Verdict>> call) {
        return Uni.createFrom().deferred(() -> {
            Span span = client("POST " + type.command(), Context.root().with(dispatch), type, operationID);
            return call.apply(span).onItemOrFailure().invoke((verdict, failure) -> {
                if (failure == null) {
                    end(span, verdict.outcome().wireName(),
                            verdict.reason() == null ? NO_REASON : verdict.reason().wireName());
                } else {
                    fail(span, "failed", CallbackGuards.asExchangeFailure(failure, timeout).reason().wireName(),
                            failure);
                }
            }).onCancellation().invoke(() -> end(span, "failed", Reason.TIMEOUT.wireName()));
        });
    }

    /** Runs one after-callback delivery attempt in a client span under the dispatch that queued it. */
    public Uni<Integer> attempt(String traceparent, CallbackType type, String operationID, int attempt, Duration timeout,
            Function<Span, Uni<Integer>> call) {
        return Uni.createFrom().deferred(() -> {
            Span span = client("POST " + type.command(), parent(traceparent), type, operationID);
            span.setAttribute(ATTEMPT, (long) attempt);
            return call.apply(span)
                    .onItem().invoke(status -> end(span, "delivered", NO_REASON))
                    .onFailure().invoke(failure -> fail(span, "failed", failure instanceof DeliveryFailure
                            ? Reason.HTTP_STATUS.wireName()
                            : CallbackGuards.asExchangeFailure(failure, timeout).reason().wireName(), failure))
                    .onCancellation().invoke(() -> end(span, "failed", Reason.TIMEOUT.wireName()));
        });
    }

    /**
     * The W3C trace context headers ({@code traceparent}, and {@code tracestate} when set) of {@code span}; where
     * the span is not recorded (no collector), {@code incoming} as it came, so that imhook, which then keeps no
     * trace of its own, changes nothing in the caller's.
     */
    public Map<String, String> headers(Span span, String incoming) {
        if (!span.isRecording()) {
            return incoming == null || !W3C_TRACEPARENT.matcher(incoming).matches() ? Map.of()
                    : Map.of(TRACEPARENT, incoming);
        }
        Map<String, String> headers = new HashMap<>();
        propagator.inject(Context.root().with(span), headers, (carrier, name, value) -> carrier.put(name, value));
        return headers;
    }

    /** The {@code traceparent} an event delivered later is sent with: {@code span}'s, or as it came (see above). */
    String traceparent(Span span, String incoming) {
        return headers(span, incoming).get(TRACEPARENT);
    }

    private Context parent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return propagator.extract(Context.root(), Map.of("traceparent", traceparent), MAP_GETTER);
    }

    private Span client(String name, Context parent, CallbackType type, String operationID) {
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute(KEY, type.key()).setAttribute(OPERATION_ID, operationID).startSpan();
    }

    /** Records the business server's HTTP status on an exchange's span. */
    public static void status(Span span, int status) {
        span.setAttribute(HTTP_STATUS, (long) status);
    }

    private static void end(Span span, String outcome, String reason) {
        span.setAttribute(OUTCOME, outcome);
        span.setAttribute(REASON, reason);
        span.end();
    }

    private static void fail(Span span, String outcome, String reason, Throwable failure) {
        recordFailure(span, failure);
        end(span, outcome, reason);
    }

    /**
     * The failure's type and a fixed text as the span's error, never its message: a parser's message quotes the
     * bytes of a request or reply (a user's message), and spans leave the service once a collector is configured.
     */
    private static void recordFailure(Span span, Throwable failure) {
        span.addEvent("exception", Attributes.of(EXCEPTION_TYPE, failure.getClass().getName()));
        span.setStatus(StatusCode.ERROR, safeDescription(failure));
    }

    static String safeDescription(Throwable failure) {
        if (failure instanceof BadPayloadException bad) {
            return bad.field() == null ? "bad payload" : "bad payload: field '" + bad.field() + "'";
        }
        if (failure instanceof ExchangeFailure exchange) {
            return "exchange failed: " + exchange.reason().wireName();
        }
        return failure.getClass().getSimpleName();
    }
}

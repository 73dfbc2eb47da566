package io.imhook.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.callback.PayloadCodec;
import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksSnapshot;
import io.imhook.console.recording.DecisionRecorder;
import io.imhook.dispatch.after.AfterQueue;
import io.imhook.dispatch.after.AfterQueueFullException;
import io.imhook.dispatch.after.Delivery;
import io.opentelemetry.api.trace.Span;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The dispatcher: hands one IM event to the business server the way OpenIM does, with the semantics of
 * DECISIONS.md. Before-callbacks are decided; after-callbacks are queued. Inject it to dispatch from Java code;
 * {@code POST /dispatch/{key}} is the same operation over HTTP.
 */
@ApplicationScoped
public class Dispatcher {

    private final WebhookSettings settings;
    private final CallbackGuards guards;
    private final BusinessServerClient client;
    private final AfterQueue afterQueue;
    private final DispatchMetrics metrics;
    private final CallbackSpans spans;
    private final DecisionRecorder recorder;

    private final FailedDecisionLog failureLog;
    private final Shadows shadows;

    public Dispatcher(WebhookSettings settings, CallbackGuards guards, BusinessServerClient client,
            AfterQueue afterQueue, DispatchMetrics metrics, CallbackSpans spans, DispatchConfig config,
            Vertx vertx, Shadows shadows, DecisionRecorder recorder) {
        this.shadows = shadows;
        long interval = Math.max(1, config.failureLogInterval().toMillis());
        this.failureLog = new FailedDecisionLog(interval, System::nanoTime);
        vertx.setPeriodic(interval, ignored -> failureLog.flush());
        this.spans = spans;
        this.recorder = recorder;
        this.settings = settings;
        this.guards = guards;
        this.client = client;
        this.afterQueue = afterQueue;
        this.metrics = metrics;
    }

    /**
     * Reads and writes an empty request of every before-callback once at start-up, reads an allowing reply to it and
     * writes the decision as the API answers it: Jackson builds its parser and a record's (de)serializers on first
     * use, which the very first before-callback paid out of its timeout. Nothing is sent, counted or recorded.
     */
    void warmUp(@Observes StartupEvent event, ObjectMapper answers) throws JsonProcessingException {
        byte[] empty = { '{', '}' };
        byte[] allowed = "{\"errCode\":0,\"errMsg\":\"\",\"actionCode\":0,\"nextCode\":0}"
                .getBytes(StandardCharsets.UTF_8);
        for (CallbackType type : CallbackCatalogue.all()) {
            if (type.isBefore()) {
                ObjectNode request = PayloadCodec.readRequest(type, empty);
                PayloadCodec.write(request);
                answers.writeValueAsBytes(Decision.of(type.key(), "imhook-warm-up",
                        ReplyInterpreter.interpret(type, request, 200, allowed, Ingress.GATEWAY), System.nanoTime()));
            }
        }
    }

    /**
     * Dispatches one event given as its request record (e.g. {@code MessageReq}).
     *
     * @param operationID the trace id; generated when null or blank
     */
    public Uni<Decision> dispatch(String key, Record request, String operationID) {
        return Uni.createFrom().deferred(() -> dispatch(key, PayloadCodec.write(request), operationID));
    }

    /**
     * Dispatches one event given as its JSON request body. The Uni fails with {@link UnknownCallbackException},
     * {@link io.imhook.callback.BadPayloadException}, {@link AfterQueueFullException} or
     * {@link io.imhook.dispatch.after.AfterQueueUnavailableException}.
     *
     * @param operationID the trace id; generated when null or blank
     */
    public Uni<Decision> dispatch(String key, byte[] body, String operationID) {
        return dispatch(Inbound.dispatch(key, body, operationID)).map(Dispatched::decision);
    }

    /**
     * Dispatches one event from any ingress, and gives the request as sent along with the decision. Fails as
     * {@link #dispatch(String, byte[], String)} does.
     */
    public Uni<Dispatched> dispatch(Inbound inbound) {
        return Uni.createFrom().deferred(() -> {
            Span span = spans.startDispatch(inbound);
            Uni<Dispatched> decided;
            try {
                decided = decided(inbound, span);
            } catch (RuntimeException e) {
                // an unknown key or a bad body, thrown before the decision's Uni exists: the span ends with it
                decided = Uni.createFrom().failure(e);
            }
            return decided.onItemOrFailure().invoke((dispatched, failure) -> CallbackSpans
                    .endDispatch(span, dispatched == null ? null : dispatched.decision(), failure));
        });
    }

    /**
     * Decides one event under the settings in force when it came in: the snapshot is taken once, so a reload
     * while the callback is in flight changes neither its url nor its timeout.
     */
    private Uni<Dispatched> decided(Inbound inbound, Span span) {
        // runs inside dispatch's deferred Uni, which turns what it throws into a failure; one Mutiny operator after
        // the decision instead of three, since each captures and restores the thread context
        long start = System.nanoTime();
        WebhooksSnapshot snapshot = settings.current();
        String key = inbound.key();
        CallbackType type = CallbackCatalogue.byKey(key).orElseThrow(() -> new UnknownCallbackException(key));
        ObjectNode payload = PayloadCodec.readRequest(type, inbound.body());
        String operationID = inbound.operationID();
        String opId = operationID == null || operationID.isBlank() ? newOperationId() : operationID;
        fillBodyOperationId(payload, opId);
        ExchangeNote exchange = new ExchangeNote();
        return decide(inbound, type, snapshot, opId, payload, span, exchange).map(verdict -> {
            Decision decision = Decision.of(key, opId, verdict, start);
            record(decision, inbound.ingress(), exchange, start);
            return new Dispatched(decision, payload);
        });
    }

    private void record(Decision decision, Ingress ingress, ExchangeNote exchange, long startNanos) {
        metrics.decided(decision, ingress);
        recorder.record(decision, ingress, exchange, System.nanoTime() - startNanos);
        if (decision.outcome() == Outcome.FAILED) {
            failureLog.failed(decision, ingress);
        }
    }

    private Uni<Verdict> decide(Inbound inbound, CallbackType type, WebhooksSnapshot snapshot, String opId,
            ObjectNode payload, Span span, ExchangeNote note) {
        CallbackSettings callback = snapshot.of(type);
        if (!callback.enabled()) {
            return Uni.createFrom().item(Verdict.skipped(Reason.DISABLED, type.key() + " is not enabled"));
        }
        Optional<String> filtered = CallbackFilter.filteredOut(callback, payload);
        if (filtered.isPresent()) {
            return Uni.createFrom().item(Verdict.skipped(Reason.FILTERED, filtered.get()));
        }
        byte[] body = PayloadCodec.write(payload);
        if (!type.isBefore()) {
            return afterQueue.offer(new Delivery(type, opId,
                    CallbackTarget.routeKeyQuery(type, payload, inbound.routeKey()), body, payload,
                    inbound.ingress(), spans.traceparent(span, inbound.traceparent()),
                    snapshot.inConversationOrder(type))).map(stored -> Verdict.queued());
        }
        String baseUrl = snapshot.url(type);
        String url = CallbackTarget.url(baseUrl, type, payload, inbound.routeKey());
        Duration timeout = callback.timeout();
        Optional<String> shadowUrl = snapshot.shadowUrl(type);
        Shadows.Comparison shadow = shadowUrl.isEmpty() ? null
                : shadows.start(type, shadowUrl.get(), opId, body, payload, inbound.ingress(), timeout);
        long start = System.nanoTime();
        return guards.guardedBefore(snapshot, type, baseUrl, body.length,
                () -> spans.exchange(span, type, opId, timeout, exchange -> {
                    String eventId = newEventId();
                    Map<String, String> traceHeaders = spans.headers(exchange, inbound.traceparent());
                    note.sent(url, traceHeaders, eventId, body);
                    return client.post(url, opId, eventId, body, timeout, traceHeaders).map(response -> {
                        CallbackSpans.status(exchange, response.statusCode());
                        note.replied(response.statusCode(), bodyOf(response.body()));
                        return ReplyInterpreter.interpret(type, payload, response.statusCode(),
                                note.replyBody(), inbound.ingress());
                    });
                }))
                .invoke(verdict -> {
                    metrics.roundTrip(type.key(), verdict.outcome().wireName(), inbound.ingress(),
                            Duration.ofNanos(System.nanoTime() - start));
                    if (shadow != null) {
                        shadow.live(verdict);
                    }
                });
    }

    /** A reply's bytes; none for a reply without a body. */
    static byte[] bodyOf(io.vertx.mutiny.core.buffer.Buffer buffer) {
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    /** Families that carry {@code operationID} in the body get the header's value when they leave it empty. */
    private static void fillBodyOperationId(ObjectNode payload, String operationID) {
        JsonNode bodyId = payload.get("operationID");
        if (payload.has("operationID") && (bodyId.isNull() || bodyId.asText().isEmpty())) {
            payload.put("operationID", operationID);
        }
    }

    /** The id of one accepted event, sent as {@code webhook-id}: kept across its retries and replays. */
    static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /** A fresh trace id for an event that came without one. */
    public static String newOperationId() {
        return UUID.randomUUID().toString();
    }
}

package io.imhook.console.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.imhook.config.CallbackSettings;
import io.imhook.config.ContentTypeRange;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksSnapshot;
import io.imhook.config.reload.WebhooksWatcher;
import io.imhook.console.ConsoleConfig;
import io.imhook.console.recording.ConsoleOutcome;
import io.imhook.console.recording.DecisionRecorder;
import io.imhook.console.recording.RecordedDecision;
import io.imhook.console.recording.SecondBuckets;
import io.imhook.dispatch.CallbackGuards;
import io.imhook.dispatch.CircuitBreakers;
import io.imhook.dispatch.DispatchConfig;
import io.imhook.dispatch.Origin;
import io.imhook.dispatch.after.AfterQueue;
import io.imhook.dispatch.after.DeadLetter;
import io.imhook.error.ErrorBody;
import io.imhook.logging.UrlRedaction;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The JSON the console's page polls, under {@code {imhook.console.path}/api}, behind the API token like
 * {@code /admin} (io.imhook.security.ApiGuard runs first). The actions (reset, replay, discard) are POSTs and
 * call the same services as {@code /admin}; the after-queue's routes run off the event loop, as the Kafka backend
 * reads its dead letters from the broker.
 */
@ApplicationScoped
public class ConsoleApi {

    private static final Logger LOG = Logger.getLogger(ConsoleApi.class);
    static final int RECENT_LIMIT = 500;
    static final int DEAD_LETTER_LIMIT = 100;
    /**
     * How many of the oldest dead letters a filter looks through, for the list and for a filtered replay or discard:
     * the Kafka backend reads each one from the broker, and the page asks every poll.
     */
    static final int DEAD_LETTER_SCAN = 1_000;
    private static final long MINUTE_MILLIS = 60_000;

    private final ConsoleConfig config;
    private final DecisionRecorder recorder;
    private final WebhookSettings settings;
    private final WebhooksWatcher watcher;
    private final CircuitBreakers breakers;
    private final CallbackGuards guards;
    private final DispatchConfig dispatch;
    private final AfterQueue afterQueue;
    private final ObjectMapper json;

    public ConsoleApi(ConsoleConfig config, DecisionRecorder recorder, WebhookSettings settings,
            WebhooksWatcher watcher, CircuitBreakers breakers, CallbackGuards guards, DispatchConfig dispatch,
            AfterQueue afterQueue, ObjectMapper json) {
        this.config = config;
        this.recorder = recorder;
        this.settings = settings;
        this.watcher = watcher;
        this.breakers = breakers;
        this.guards = guards;
        this.dispatch = dispatch;
        this.afterQueue = afterQueue;
        this.json = json;
    }

    void install(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        String api = config.basePath() + "/api";
        router.get(api + "/now").handler(context -> answer(context, now()));
        router.get(api + "/recent").handler(context -> answer(context, recent(context)));
        router.get(api + "/decisions/:id").handler(this::decision);
        router.get(api + "/callbacks").handler(context -> answer(context, callbacks()));
        router.get(api + "/business-servers").handler(context -> answer(context, businessServers()));
        router.post(api + "/business-servers/reset").handler(context -> {
            int reset = breakers.reset(context.request().getParam("url"));
            answer(context, new ConsoleViews.Done("reset", reset));
        });
        router.get(api + "/after-callbacks").blockingHandler(context -> answer(context, afterCallbacks(context)),
                false);
        router.post(api + "/dead-letters/replay").blockingHandler(context -> answer(context,
                new ConsoleViews.Done("replayed", all(context, afterQueue::replayAll, afterQueue::replay))), false);
        router.post(api + "/dead-letters/discard").blockingHandler(context -> answer(context,
                new ConsoleViews.Done("discarded", all(context, afterQueue::deleteAll, afterQueue::delete))), false);
        router.post(api + "/dead-letters/:id/replay").blockingHandler(
                context -> one(context, "replayed", afterQueue::replay), false);
        router.post(api + "/dead-letters/:id/discard").blockingHandler(
                context -> one(context, "discarded", afterQueue::delete), false);
    }

    private ConsoleViews.Now now() {
        SecondBuckets.Series series = recorder.series();
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (ConsoleOutcome outcome : ConsoleOutcome.values()) {
            counts.put(outcome.wireName(), series.counts()[outcome.ordinal()]);
        }
        return new ConsoleViews.Now(series.epochSeconds(), counts, series.p50Millis(), series.p99Millis());
    }

    private List<ConsoleViews.Row> recent(RoutingContext context) {
        String key = param(context, "key");
        String operationID = param(context, "operationID");
        ConsoleOutcome outcome = ConsoleOutcome.byWireName(param(context, "outcome"));
        Predicate<RecordedDecision> wanted = d -> (key == null || key.equals(d.key()))
                && (operationID == null || operationID.equals(d.operationID()))
                && (outcome == null || outcome == d.outcome());
        return recorder.recent(wanted, RECENT_LIMIT).stream().map(ConsoleViews.Row::of).toList();
    }

    private void decision(RoutingContext context) {
        Long id = number(context.pathParam("id"));
        if (id == null) {
            refuse(context, 400, ErrorBody.of("badRequest", "a decision's id is a whole number"));
            return;
        }
        recorder.get(id).ifPresentOrElse(
                found -> answer(context, ConsoleViews.Detail.of(found, recorder)),
                () -> refuse(context, 404, ErrorBody.of("notFound", "no decision " + id
                        + " among the last " + RECENT_LIMIT)));
    }

    private ConsoleViews.Callbacks callbacks() {
        WebhooksSnapshot snapshot = settings.current();
        var refusal = watcher.refusal();
        List<ConsoleViews.CallbackRow> rows = snapshot.all().values().stream()
                .map(callback -> row(snapshot, callback)).toList();
        return new ConsoleViews.Callbacks(snapshot.location(), UrlRedaction.redact(snapshot.url()),
                snapshot.sha256(), snapshot.loadedAt().toString(), watcher.watching(),
                refusal.map(WebhooksWatcher.Refusal::sha256).orElse(null),
                refusal.map(r -> r.at().toString()).orElse(null),
                refusal.map(WebhooksWatcher.Refusal::error).orElse(null), rows);
    }

    private static ConsoleViews.CallbackRow row(WebhooksSnapshot snapshot, CallbackSettings callback) {
        return new ConsoleViews.CallbackRow(callback.type().key(), callback.type().phase().name().toLowerCase(),
                callback.enabled(), callback.timeout().toSeconds(),
                callback.type().isBefore() ? callback.failedContinue() : null, ranges(callback.deniedTypes()),
                callback.allowedTypes().map(ConsoleApi::ranges).orElse(null),
                List.copyOf(callback.attentionIds()), UrlRedaction.redact(snapshot.url(callback.type())));
    }

    private static List<String> ranges(List<ContentTypeRange> ranges) {
        return ranges.stream().map(range -> range.from() == range.to() ? String.valueOf(range.from())
                : range.from() + "-" + range.to()).toList();
    }

    private ConsoleViews.BusinessServers businessServers() {
        long since = System.currentTimeMillis() - MINUTE_MILLIS;
        List<RecordedDecision> lastMinute = recorder.recent(d -> d.atMillis() >= since && d.url() != null,
                RECENT_LIMIT);
        List<ConsoleViews.BusinessServer> servers = new ArrayList<>();
        Map<String, CallbackGuards.SlotsInUse> slots = new HashMap<>();
        guards.slotsInUse().forEach((baseUrl, used) -> slots.merge(Origin.of(baseUrl), used,
                CallbackGuards.SlotsInUse::plus));
        breakers.states().forEach((origin, state) -> {
            List<RecordedDecision> calls = lastMinute.stream().filter(d -> origin.equals(Origin.of(d.url())))
                    .toList();
            long failed = calls.stream().filter(d -> d.outcome() == ConsoleOutcome.FAILED_PROCEEDED
                    || d.outcome() == ConsoleOutcome.FAILED_BLOCKED).count();
            CallbackGuards.SlotsInUse used = slots.getOrDefault(origin, new CallbackGuards.SlotsInUse(0, 0));
            servers.add(new ConsoleViews.BusinessServer(origin, state.name(),
                    calls.isEmpty() ? null : (double) failed / calls.size(), calls.size(), used.inFlight(),
                    used.waiting()));
        });
        DispatchConfig.BulkheadConfig bulkhead = dispatch.bulkhead();
        return new ConsoleViews.BusinessServers(servers, bulkhead.limit(), bulkhead.queueSize(), guards.heldBytes(),
                bulkhead.maxHeldBytes().asLongValue(), dispatch.circuitBreaker().enabled());
    }

    private ConsoleViews.AfterCallbacks afterCallbacks(RoutingContext context) {
        Predicate<DeadLetter> wanted = deadLetterFilter(context);
        boolean filtered = param(context, "key") != null || param(context, "operationID") != null;
        Instant now = Instant.now();
        int scan = filtered ? DEAD_LETTER_SCAN : DEAD_LETTER_LIMIT;
        List<ConsoleViews.DeadLetterRow> rows = afterQueue.deadLetters(scan).stream().filter(wanted)
                .limit(DEAD_LETTER_LIMIT).map(letter -> ConsoleViews.DeadLetterRow.of(letter, now)).toList();
        return new ConsoleViews.AfterCallbacks(afterQueue.ledger(),
                dispatch.afterQueue().backend().name().toLowerCase(), rows);
    }

    private static Predicate<DeadLetter> deadLetterFilter(RoutingContext context) {
        String key = param(context, "key");
        String operationID = param(context, "operationID");
        return letter -> (key == null || key.equals(letter.key()))
                && (operationID == null || operationID.equals(letter.operationID()));
    }

    /** Every dead letter when no filter is given, else those the filter shows, one by one. */
    private int all(RoutingContext context, java.util.function.IntSupplier everything,
            Function<Long, Boolean> each) {
        if (param(context, "key") == null && param(context, "operationID") == null) {
            return everything.getAsInt();
        }
        Predicate<DeadLetter> wanted = deadLetterFilter(context);
        int done = 0;
        for (DeadLetter letter : afterQueue.deadLetters(DEAD_LETTER_SCAN)) {
            if (wanted.test(letter) && each.apply(letter.id())) {
                done++;
            }
        }
        return done;
    }

    private void one(RoutingContext context, String action, Function<Long, Boolean> act) {
        Long id = number(context.pathParam("id"));
        if (id == null) {
            refuse(context, 400, ErrorBody.of("badRequest", "a dead letter's id is a whole number"));
        } else if (act.apply(id)) {
            answer(context, new ConsoleViews.Done(action, 1));
        } else {
            refuse(context, 404, ErrorBody.of("notFound", "no dead letter " + id + " (or the queue is full)"));
        }
    }

    private static String param(RoutingContext context, String name) {
        String value = context.request().getParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void answer(RoutingContext context, Object body) {
        send(context, 200, body);
    }

    private void refuse(RoutingContext context, int status, ErrorBody body) {
        send(context, status, body);
    }

    private void send(RoutingContext context, int status, Object body) {
        try {
            context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            LOG.errorf("console: could not write the answer of %s (%s)", context.normalizedPath(),
                    e.getClass().getSimpleName());
            context.fail(500);
        }
    }
}

package io.imhook.console.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.imhook.console.recording.DecisionRecorder;
import io.imhook.console.recording.RecordedDecision;
import io.imhook.dispatch.after.AfterQueue;
import io.imhook.dispatch.after.DeadLetter;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON the console's page reads, written by Jackson (registered for the native image). */
@RegisterForReflection(targets = { ConsoleViews.Now.class, ConsoleViews.Row.class, ConsoleViews.Detail.class,
        ConsoleViews.Callbacks.class, ConsoleViews.CallbackRow.class, ConsoleViews.BusinessServers.class,
        ConsoleViews.BusinessServer.class, ConsoleViews.AfterCallbacks.class, ConsoleViews.DeadLetterRow.class,
        ConsoleViews.Done.class, AfterQueue.Ledger.class, AfterQueue.TargetLedger.class })
public final class ConsoleViews {

    private ConsoleViews() {
    }

    /**
     * The last 15 minutes, one entry per second, oldest first.
     *
     * @param counts decisions per second by outcome wire name
     * @param p50Ms round-trip latency percentiles of the decisions that called a business server (null: none)
     */
    public record Now(long[] seconds, Map<String, long[]> counts, Double[] p50Ms, Double[] p99Ms) {
    }

    /** One of the recent decisions. */
    public record Row(long id, String at, String key, String operationID, String ingress, String outcome,
            String reason, int status, double elapsedMs) {

        static Row of(RecordedDecision d) {
            return new Row(d.seq(), Instant.ofEpochMilli(d.atMillis()).toString(), d.key(), d.operationID(),
                    d.ingress(), d.outcome().wireName(), d.reason(), d.status(), d.elapsedNanos() / 1e6);
        }
    }

    /** One decision in full; {@code requestBody}/{@code replyBody} only with {@code imhook.log.bodies=true}. */
    public record Detail(long id, String at, String key, String operationID, String ingress, String outcome,
            String reason, String detail, int errCode, int status, double elapsedMs, String url,
            Map<String, String> headers, int replyBytes, boolean bodiesShown, String requestBody,
            String replyBody) {

        static Detail of(RecordedDecision d, DecisionRecorder recorder) {
            return new Detail(d.seq(), Instant.ofEpochMilli(d.atMillis()).toString(), d.key(), d.operationID(),
                    d.ingress(), d.outcome().wireName(), d.reason(), d.detail(), d.errCode(), d.status(),
                    d.elapsedNanos() / 1e6, d.url() == null ? null : DecisionRecorder.withoutQuery(d.url()),
                    d.headers() == null ? Map.of() : recorder.headers(d.headers()), d.replyBytes(),
                    recorder.bodiesShown(), d.requestBody(), d.replyBody());
        }
    }

    /** The {@code webhooks.yml} in force and its 53 callbacks. */
    public record Callbacks(String file, String url, String sha256, String loadedAt, boolean watched,
            String refusedSha256, String refusedAt, String refusedError, List<CallbackRow> callbacks) {
    }

    /** One callback's settings; {@code failedContinue} is null for an after-callback (it is never decided). */
    public record CallbackRow(String key, String phase, boolean enabled, long timeoutSeconds,
            Boolean failedContinue, List<String> deniedTypes, List<String> allowedTypes, List<String> attentionIds,
            String url) {
    }

    /**
     * The business servers, by {@code scheme://host:port}, and the bulkheads' shared limits.
     *
     * @param heldBytes body bytes of the before-callbacks in flight or waiting, across every url
     */
    public record BusinessServers(List<BusinessServer> servers, int bulkheadLimit, int bulkheadQueueSize,
            long heldBytes, long maxHeldBytes, boolean breakersEnabled) {
    }

    /**
     * One business server.
     *
     * @param failureRate failed calls among those made to it in the last minute of recorded decisions (null: none)
     * @param inFlight before-callbacks holding a slot of its bulkheads now (of {@code bulkheadLimit} per base url)
     * @param waiting before-callbacks queued for a slot now (of {@code bulkheadQueueSize} per base url)
     */
    public record BusinessServer(String url, String breaker, Double failureRate, long callsLastMinute,
            int inFlight, int waiting) {
    }

    /** The after-queue's ledger and the dead letters the filter shows. */
    public record AfterCallbacks(AfterQueue.Ledger ledger, String backend, List<DeadLetterRow> deadLetters) {
    }

    /** One dead letter, without its body. */
    public record DeadLetterRow(long id, String key, String target, String operationID, int attempts,
            String lastError, String failedAt, long ageSeconds) {

        static DeadLetterRow of(DeadLetter letter, Instant now) {
            return new DeadLetterRow(letter.id(), letter.key(), letter.target(), letter.operationID(), letter.attempts(),
                    letter.lastError(), letter.failedAt() == null ? null : letter.failedAt().toString(),
                    letter.failedAt() == null ? 0 : Math.max(0, now.getEpochSecond()
                            - letter.failedAt().getEpochSecond()));
        }
    }

    /** What an action did: how many it touched. */
    public record Done(String action, int count) {
    }
}

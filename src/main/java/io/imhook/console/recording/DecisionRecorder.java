package io.imhook.console.recording;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.imhook.console.ConsoleConfig;
import io.imhook.dispatch.Decision;
import io.imhook.dispatch.ExchangeNote;
import io.imhook.dispatch.Ingress;
import io.imhook.logging.LoggedBody;
import io.imhook.security.OutboundSigning;

/**
 * Keeps what the console shows of the dispatcher's decisions: the last {@value #RECENT} in a ring, and per-second
 * counts and latencies for the last {@value #SECONDS} seconds. Fed by the dispatcher where it records a decision's
 * metrics, on the request's thread: one small record per decision (references only: what is shown is made when it
 * is read) and a few atomic increments, no lock, no I/O.
 */
@Singleton
public class DecisionRecorder {

    static final int RECENT = 500;
    static final int SECONDS = 15 * 60;
    private static final String NOT_SHOWN = "(not shown)";

    private final boolean enabled;
    private final boolean bodies;
    private final boolean signing;
    private final DecisionRing ring = new DecisionRing(RECENT);
    private final SecondBuckets buckets = new SecondBuckets(SECONDS);

    public DecisionRecorder(ConsoleConfig config, OutboundSigning signing,
            @ConfigProperty(name = LoggedBody.PROPERTY, defaultValue = "false") boolean bodies) {
        this.enabled = config.enabled();
        this.bodies = bodies;
        this.signing = signing.enabled();
    }

    /**
     * Records one decision.
     *
     * @param exchange what was sent and received, for a before-callback that called its business server
     * @param elapsedNanos the time the decision took
     */
    public void record(Decision decision, Ingress ingress, ExchangeNote exchange, long elapsedNanos) {
        if (!enabled) {
            return;
        }
        long now = System.currentTimeMillis();
        ConsoleOutcome outcome = ConsoleOutcome.of(decision);
        boolean called = exchange != null && exchange.url() != null;
        buckets.record(now / 1000, outcome, called ? elapsedNanos : -1);
        ring.add(seq -> new RecordedDecision(seq, now, decision.key(), decision.operationID(), ingress.wireName(),
                outcome, decision.reason() == null ? null : decision.reason().wireName(), decision.detail(),
                decision.errCode(), called ? exchange.status() : -1, elapsedNanos, called ? exchange.url() : null,
                called ? new SentHeaders(decision.operationID(), exchange.traceHeaders(), exchange.webhookId()) : null,
                called && exchange.replyBody() != null ? exchange.replyBody().length : -1,
                called && bodies ? text(exchange.requestBody()) : null,
                called && bodies ? text(exchange.replyBody()) : null));
    }

    /**
     * What is needed to tell the headers sent, kept as references (never the exchange itself, which holds the
     * bodies); the map is made when the detail is read.
     */
    public record SentHeaders(String operationID, Map<String, String> traceHeaders, String webhookId) {
    }

    /**
     * The headers the business server got, as BusinessServerClient sends them: the timestamp and signatures of a
     * signed call are never shown.
     */
    public Map<String, String> headers(SentHeaders sent) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("operationID", sent.operationID());
        headers.put("User-Agent", "imhook");
        headers.putAll(sent.traceHeaders());
        if (signing) {
            headers.put("webhook-id", sent.webhookId());
            headers.put("webhook-timestamp", NOT_SHOWN);
            headers.put("webhook-signature", NOT_SHOWN);
        }
        return headers;
    }

    /** {@code scheme://host:port/path}: a query may carry a business server's token. */
    public static String withoutQuery(String url) {
        try {
            URI uri = URI.create(url);
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return uri.getScheme() + "://" + uri.getHost() + ":" + port + Optional.ofNullable(uri.getRawPath())
                    .orElse("");
        } catch (IllegalArgumentException e) {
            return "(not a valid url)";
        }
    }

    private static String text(byte[] body) {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    public List<RecordedDecision> recent(Predicate<RecordedDecision> wanted, int limit) {
        return ring.newest(wanted, limit);
    }

    public Optional<RecordedDecision> get(long seq) {
        return ring.get(seq);
    }

    public SecondBuckets.Series series() {
        return buckets.series(System.currentTimeMillis() / 1000);
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean bodiesShown() {
        return bodies;
    }
}

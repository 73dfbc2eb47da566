package io.imhook.dispatch;

import java.util.Map;

/**
 * What the dispatcher sent a business server for one before-callback and what came back, kept for the operator
 * console's detail view ({@code io.imhook.console}). Filled on the exchange's own thread and read once the
 * decision is made; holds references only (no copies), so it costs a few fields per before-callback.
 */
public final class ExchangeNote {

    private volatile String url;
    private volatile Map<String, String> traceHeaders = Map.of();
    private volatile String webhookId;
    private volatile byte[] requestBody;
    private volatile int status = -1;
    private volatile byte[] replyBody;

    void sent(String url, Map<String, String> traceHeaders, String webhookId, byte[] requestBody) {
        this.url = url;
        this.traceHeaders = traceHeaders;
        this.webhookId = webhookId;
        this.requestBody = requestBody;
    }

    void replied(int status, byte[] replyBody) {
        this.status = status;
        this.replyBody = replyBody;
    }

    /** The url called, query included; null when no call was made. */
    public String url() {
        return url;
    }

    /** The W3C trace context headers sent ({@code traceparent}, {@code tracestate}). */
    public Map<String, String> traceHeaders() {
        return traceHeaders;
    }

    public String webhookId() {
        return webhookId;
    }

    public byte[] requestBody() {
        return requestBody;
    }

    /** The reply's HTTP status; -1 when none came (timeout, connection error, breaker open). */
    public int status() {
        return status;
    }

    /** The reply's body as read (up to {@code imhook.dispatch.max-reply-size}); null when none came. */
    public byte[] replyBody() {
        return replyBody;
    }
}

package io.imhook.dispatch;

import java.time.Duration;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/** The pooled, keep-alive, non-blocking HTTP client that POSTs callbacks. Redirects are not followed. */
@ApplicationScoped
public class BusinessServerClient {

    /** The transport's own timeout only frees a connection the guard's timeout has given up on. */
    private static final Duration TRANSPORT_GRACE = Duration.ofSeconds(1);

    /** The Standard Webhooks header of an after-callback's stable event id. */
    public static final String WEBHOOK_ID = "webhook-id";

    private final WebClient client;

    public BusinessServerClient(Vertx vertx, DispatchConfig config) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setKeepAlive(true)
                .setMaxPoolSize(config.maxConnections())
                .setTryUseCompression(true)
                // the trace context is put on each request by CallbackSpans, from the exchange's own span
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setUserAgent("imhook"));
    }

    /** POSTs a JSON body with the {@code operationID} header. */
    public Uni<HttpResponse<Buffer>> post(String url, String operationID, byte[] body, Duration timeout) {
        return post(url, operationID, body, timeout, Map.of());
    }

    /**
     * As {@link #post(String, String, byte[], Duration)}, plus {@code headers}: the W3C trace context
     * ({@code traceparent}) and, for an after-callback, its stable id as {@link #WEBHOOK_ID}.
     */
    public Uni<HttpResponse<Buffer>> post(String url, String operationID, byte[] body, Duration timeout,
            Map<String, String> headers) {
        var request = client.postAbs(url)
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json; charset=utf-8")
                .putHeader("operationID", operationID);
        headers.forEach(request::putHeader);
        return request
                .timeout(timeout.plus(TRANSPORT_GRACE).toMillis())
                .sendBuffer(Buffer.buffer(body));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}

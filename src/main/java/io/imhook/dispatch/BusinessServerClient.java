package io.imhook.dispatch;

import java.time.Duration;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.imhook.security.OutboundSigning;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The pooled, keep-alive, non-blocking HTTP client that POSTs callbacks. Redirects are not followed; replies are
 * read up to {@code imhook.dispatch.max-reply-size} and never decompressed (no {@code Accept-Encoding}), so a reply
 * costs at most that much memory. Callbacks are signed when {@code imhook.signing.secrets} is set; https business
 * servers are trusted through the TLS configuration {@code imhook.dispatch.tls-configuration-name} names.
 */
@ApplicationScoped
public class BusinessServerClient {

    /** The transport's own timeout only frees a connection the guard's timeout has given up on. */
    private static final Duration TRANSPORT_GRACE = Duration.ofSeconds(1);

    /** The Standard Webhooks header of an after-callback's stable event id. */
    public static final String WEBHOOK_ID = "webhook-id";

    private final WebClient client;
    private final OutboundSigning signing;
    private final io.vertx.mutiny.ext.web.codec.BodyCodec<Buffer> replyCodec;

    public BusinessServerClient(Vertx vertx, DispatchConfig config, OutboundSigning signing,
            TlsConfigurationRegistry tls) {
        WebClientOptions options = new WebClientOptions()
                .setFollowRedirects(false)
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, config.keepAliveTimeout().toSeconds()))
                .setMaxPoolSize(config.maxConnections())
                .setTryUseCompression(false)
                // the trace context is put on each request by CallbackSpans, from the exchange's own span
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setUserAgent("imhook");
        config.tlsConfigurationName().ifPresent(name -> trust(options, name, tls));
        this.client = WebClient.create(vertx, options);
        this.signing = signing;
        this.replyCodec = io.vertx.mutiny.ext.web.codec.BodyCodec.newInstance(
                new LimitedReply((int) Math.min(Integer.MAX_VALUE, config.maxReplySize().asLongValue())),
                new io.smallrye.mutiny.vertx.TypeArg<>(
                        delegate -> Buffer.newInstance((io.vertx.core.buffer.Buffer) delegate), Buffer::getDelegate));
    }

    /** Trusts (and, with a key store, authenticates to) https business servers as {@code quarkus.tls.<name>} says. */
    private static void trust(WebClientOptions options, String name, TlsConfigurationRegistry registry) {
        TlsConfiguration tls = registry.get(name).orElseThrow(() -> new IllegalStateException(
                "imhook.dispatch.tls-configuration-name: no TLS configuration quarkus.tls." + name));
        if (tls.getTrustStoreOptions() != null) {
            options.setTrustOptions(tls.getTrustStoreOptions());
        }
        if (tls.getKeyStoreOptions() != null) {
            options.setKeyCertOptions(tls.getKeyStoreOptions());
        }
        options.setTrustAll(tls.isTrustAll());
        options.setVerifyHost(!"NONE".equalsIgnoreCase(tls.getHostnameVerificationAlgorithm().orElse("HTTPS")));
    }

    /** POSTs a JSON body with the {@code operationID} header, signed for {@code webhookId} when signing is on. */
    public Uni<HttpResponse<Buffer>> post(String url, String operationID, String webhookId, byte[] body,
            Duration timeout) {
        return post(url, operationID, webhookId, body, timeout, Map.of());
    }

    /**
     * As {@link #post(String, String, String, byte[], Duration)}, plus {@code headers}: the W3C trace context
     * ({@code traceparent}).
     *
     * @param webhookId the event's id, the same on every retry and replay of the event; sent as
     *        {@link #WEBHOOK_ID} (for after-callbacks always, for before-callbacks when signing is on) and signed
     */
    public Uni<HttpResponse<Buffer>> post(String url, String operationID, String webhookId, byte[] body,
            Duration timeout, Map<String, String> headers) {
        var request = client.postAbs(url)
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json; charset=utf-8")
                .putHeader("operationID", operationID)
                .timeout(timeout.plus(TRANSPORT_GRACE).toMillis())
                .as(replyCodec);
        headers.forEach(request::putHeader);
        signing.headers(webhookId, body).forEach(request::putHeader);
        return request.sendBuffer(Buffer.buffer(body));
    }

    /**
     * Sends {@code OPTIONS url} and answers its status: it opens a connection that stays in the pool for the next
     * POST to that host (the start-up warm-up's use); no business server takes it for a callback.
     */
    public Uni<Integer> options(String url, Duration timeout) {
        return client.requestAbs(HttpMethod.OPTIONS, url).timeout(timeout.toMillis()).send()
                .map(HttpResponse::statusCode);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}

package io.imhook.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.imhook.callback.PayloadCodec;
import io.imhook.error.ErrorBody;
import io.imhook.receiver.ReceiverConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The first check of every HTTP request, before any of its body is read: the length of its target (414), the size
 * of its headers (431), the API token (401), the {@code operationID} header (400), the declared body size (413) and
 * a JSON {@code Content-Type} (415); a chunked body is read here up to the limit (413 past it), and a body that
 * does not arrive within {@code body-timeout} is refused (408). Each refusal answers
 * with the JSON error body every other error has. It runs ahead of Quarkus's own body limit, so an oversized upload
 * is refused from its {@code Content-Length} without reading it.
 */
@ApplicationScoped
public class ApiGuard {

    private static final Logger LOG = Logger.getLogger(ApiGuard.class);
    static final int MIN_TOKEN_LENGTH = 16;
    private static final String BEARER = "Bearer ";
    /** The context local Quarkus's HTTP server metrics read a request's route template from. */
    private static final String METRICS_URI_TEMPLATE = "UrlPathTemplate";
    /** The {@code uri} label of every request this guard refuses. */
    static final String REFUSED_URI_LABEL = "/refused";

    private final List<byte[]> tokenDigests;
    private final ApiAccess access;
    private final long maxHeaderBytes;
    private final int maxUriLength;
    private final long maxBodyBytes;
    private final long bodyTimeoutMillis;

    public ApiGuard(ApiConfig config, ReceiverConfig receiver,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody,
            @ConfigProperty(name = "imhook.gateway.base-path", defaultValue = "/openim") String gatewayBasePath,
            @ConfigProperty(name = "imhook.console.path", defaultValue = "/console") String consoleBasePath) {
        List<String> tokens = config.tokens().orElse(List.of()).stream().map(String::strip)
                .filter(token -> !token.isEmpty()).toList();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("imhook.api.tokens: token #" + (i + 1) + " must be at least "
                        + MIN_TOKEN_LENGTH + " characters");
            }
        }
        this.tokenDigests = tokens.stream().map(ApiGuard::sha256).toList();
        this.access = new ApiAccess(receiver.basePath(), gatewayBasePath, config.protectMetrics(),
                consoleBasePath);
        this.maxHeaderBytes = config.maxHeaderSize().asLongValue();
        this.maxUriLength = config.maxUriLength();
        this.maxBodyBytes = maxBody.asLongValue();
        this.bodyTimeoutMillis = config.bodyTimeout().toMillis();
    }

    void install(@Observes Router router) {
        if (tokenDigests.isEmpty()) {
            LOG.warn("imhook.api.tokens is not set: /dispatch, /admin, the console and the receiver's events and "
                    + "stats are open to anyone who reaches the port (set IMHOOK_API_TOKENS)");
        } else {
            LOG.infof("the API needs a bearer token (%d configured)", tokenDigests.size());
        }
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        Optional<Refusal> refusal = refusal(request, context.normalizedPath());
        if (refusal.isPresent()) {
            refuse(context, refusal.get());
            return;
        }
        if (hasBody(request) && !request.isEnded()) {
            deadlineForTheBody(context);
        }
        if (hasBody(request) && request.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            readChunked(context);
        } else {
            context.next();
        }
    }

    /**
     * A body that has not arrived {@code body-timeout} after its headers is refused with 408 and the connection
     * closed: the connection's idle timeout cannot bound it, as every byte restarts that, and it has to stay longer
     * than the slowest callback (a dispatch waits for its business server without a byte on the connection).
     */
    private void deadlineForTheBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        long timer = context.vertx().setTimer(bodyTimeoutMillis, fired -> {
            if (!request.isEnded() && !context.response().headWritten()) {
                refuse(context, Refusal.of(408, "bodyTimeout", "the request body did not arrive within "
                        + bodyTimeoutMillis + " ms"));
            }
        });
        context.addEndHandler(ended -> context.vertx().cancelTimer(timer));
    }

    /**
     * A chunked body (no {@code Content-Length} to judge it by) is read here, up to the limit, and handed on as the
     * request's body; one that passes the limit is refused with 413 and a JSON body at the chunk that passes it,
     * and the connection is closed. Quarkus REST's body reader would otherwise answer 413 without a body.
     */
    private void readChunked(RoutingContext context) {
        HttpServerRequest request = context.request();
        io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer();
        boolean[] refused = { false };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBodyBytes) {
                refused[0] = true;
                refuse(context, Refusal.of(413, "bodyTooLarge", "the body may hold at most " + maxBodyBytes
                        + " bytes; the chunked body passed it"));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ended -> {
            if (!refused[0]) {
                context.setBody(body);
                context.next();
            }
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            context.response().writeContinue();
        }
        request.resume();
    }

    private void refuse(RoutingContext context, Refusal refused) {
        HttpServerRequest request = context.request();
        labelForMetrics(request);
        var response = context.response().setStatusCode(refused.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        refused.headers().forEach(response::putHeader);
        if (hasBody(request)) {
            // the body is never read: the connection cannot be reused, and a client that declared a body it never
            // sends would otherwise hold it until the idle timeout
            response.putHeader(HttpHeaders.CONNECTION, "close");
            if (!request.isEnded()) {
                response.endHandler(ended -> request.connection().close());
            }
        }
        response.end(io.vertx.core.buffer.Buffer.buffer(PayloadCodec.write(refused.body())));
    }

    /**
     * Gives a refused request one fixed {@code uri} label in {@code http_server_requests}: it never reached a route,
     * so the label would be its raw path, which holds the gateway token on the token path and any text an outsider
     * chose elsewhere (and 100 such labels used up Micrometer's limit, after which real requests went unrecorded).
     * Quarkus's HTTP metrics take the label from this local of the request's context when a route sets it.
     */
    private static void labelForMetrics(HttpServerRequest request) {
        if (request instanceof HttpServerRequestInternal internal) {
            internal.context().putLocal(METRICS_URI_TEMPLATE, REFUSED_URI_LABEL);
        }
    }

    /** One refused request: its status, extra headers and JSON body. */
    record Refusal(int status, Map<String, String> headers, ErrorBody body) {

        static Refusal of(int status, String error, String message) {
            return new Refusal(status, Map.of(), ErrorBody.of(error, message));
        }
    }

    private Optional<Refusal> refusal(HttpServerRequest request, String path) {
        if (request.uri().length() > maxUriLength) {
            return Optional.of(Refusal.of(414, "uriTooLong", "the request target holds " + request.uri().length()
                    + " characters; at most " + maxUriLength + " are read"));
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > maxHeaderBytes) {
            return Optional.of(Refusal.of(431, "headersTooLarge",
                    "the request headers hold " + headerBytes + " bytes; at most " + maxHeaderBytes + " are read"));
        }
        if (!tokenDigests.isEmpty() && access.needsToken(request.method().name(), path)
                && !authorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            return Optional.of(new Refusal(401, Map.of("WWW-Authenticate", "Bearer realm=\"imhook\""),
                    ErrorBody.of("unauthorized", "this endpoint needs Authorization: Bearer <token>")));
        }
        Optional<String> badOperationId = OperationIds.problem(request.getHeader("operationID"));
        if (badOperationId.isPresent()) {
            return Optional.of(new Refusal(400, Map.of(),
                    new ErrorBody("badRequest", badOperationId.get(), "operationID", null)));
        }
        if (!hasBody(request)) {
            return Optional.empty();
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodyBytes) {
            return Optional.of(Refusal.of(413, "bodyTooLarge",
                    "the body may hold at most " + maxBodyBytes + " bytes, not " + length.strip()));
        }
        if (!isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            return Optional.of(Refusal.of(415, "unsupportedMediaType",
                    "the body must be JSON, not "
                            + Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_TYPE)).orElse("none")
                            + ": send Content-Type: application/json (curl: -H 'Content-Type: application/json')"));
        }
        return Optional.empty();
    }

    /** POST, PUT or PATCH with a body: a positive Content-Length, or chunked. */
    private static boolean hasBody(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length == null ? request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null : declaredLength(length) != 0;
    }

    private static long declaredLength(String length) {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code application/json} or any {@code application/*+json}, with any parameters. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase();
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** Compares the offered token with every configured one, in constant time and without an early exit. */
    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] offered = sha256(authorization.substring(BEARER.length()).strip());
        boolean matched = false;
        for (byte[] token : tokenDigests) {
            matched |= MessageDigest.isEqual(token, offered);
        }
        return matched;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.imhook.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may call the HTTP API, and what a request may carry ({@code application.yaml}, prefix {@code imhook.api}). */
@ConfigMapping(prefix = "imhook.api")
public interface ApiConfig {

    /**
     * The bearer tokens of the API (env {@code IMHOOK_API_TOKENS}, comma-separated, each at least 16 characters):
     * when set, {@code /dispatch}, everything under {@code /admin} and the receiver's {@code events} and
     * {@code stats} need {@code Authorization: Bearer <token>}. {@code /q/health} and the receiver's callbacks
     * (signed instead) stay open, and so does the OpenIM ingress {@code /openim/...} (its path token). Unset: the
     * API is open, with one start-up warning.
     */
    Optional<List<String>> tokens();

    /** Whether {@code /q/metrics} needs a token too (Prometheus then sends it as a bearer token). */
    @WithDefault("false")
    boolean protectMetrics();

    /**
     * The most all request headers together may hold; past it the answer is 431 with a JSON body. It must stay
     * below {@code quarkus.http.limits.max-header-size}, where the HTTP codec refuses a request without a body.
     */
    @WithDefault("16K")
    MemorySize maxHeaderSize();

    /**
     * The longest request target (path and query) read; past it the answer is 414 with a JSON body. It must stay
     * below {@code quarkus.http.limits.max-initial-line-length}, where the HTTP codec answers 414 without a body.
     */
    @WithDefault("4096")
    int maxUriLength();

    /**
     * The longest a request's body may take to arrive, from the moment its headers are read; past it the answer is
     * 408 with a JSON body and the connection is closed. It bounds a slow upload by time, where the connection's
     * idle timeout ({@code quarkus.http.idle-timeout}) is restarted by every byte.
     */
    @WithDefault("10s")
    Duration bodyTimeout();

    /**
     * The longest a connection may take to deliver a request's headers: from the moment it is accepted, and for a
     * later request on a keep-alive connection from its first byte. Past it the answer is 408 with a JSON body (when
     * anything was sent) and the connection is closed. Unlike {@code quarkus.http.idle-timeout}, no trickle of
     * bytes extends it.
     */
    @WithDefault("10s")
    Duration headerTimeout();
}

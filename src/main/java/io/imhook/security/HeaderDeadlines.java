package io.imhook.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.Router;

/**
 * Puts {@code imhook.api.header-timeout} on every connection of the HTTP server ({@link HeaderDeadline}): once the
 * server listens, on its listening channel; and, first of all routes, the signal that a request's headers are in.
 */
@ApplicationScoped
@RegisterForReflection(targets = TCPServerBase.class, fields = true, methods = false)
public class HeaderDeadlines {

    private static final Logger LOG = Logger.getLogger(HeaderDeadlines.class);

    private final Vertx vertx;
    private final long timeoutMillis;
    private final Counter timedOut;

    public HeaderDeadlines(Vertx vertx, ApiConfig config, MeterRegistry registry) {
        this.vertx = vertx;
        this.timeoutMillis = Math.max(1, config.headerTimeout().toMillis());
        this.timedOut = Counter.builder("imhook.http.header.timeouts")
                .description("Connections closed because a request's headers did not arrive within "
                        + "imhook.api.header-timeout")
                .register(registry);
    }

    void route(@Observes Router router) {
        // ahead of ApiGuard, so that even a refused request has met its deadline
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(routing -> {
            HeaderDeadline.headersArrived(routing);
            routing.next();
        });
    }

    void listening(@ObservesAsync HttpServerStart started) {
        try {
            int installed = 0;
            for (TCPServerBase server : ((VertxInternal) vertx).sharedHttpServers().values()) {
                if (HeaderDeadline.install(server, timeoutMillis, timedOut)) {
                    installed++;
                }
            }
            LOG.infof("a connection must deliver each request's headers within %d ms (imhook.api.header-timeout); "
                    + "%d listening channel(s)", timeoutMillis, installed);
        } catch (RuntimeException e) {
            // nobody reads what an asynchronous observer throws
            LOG.errorf(e, "imhook.api.header-timeout is NOT in force: slow clients can hold connections until "
                    + "quarkus.http.idle-timeout");
        }
    }
}

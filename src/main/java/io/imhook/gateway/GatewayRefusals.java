package io.imhook.gateway;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imhook.logging.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Requests under the gateway's path that are not its url, or name a command imhook does not know: counted by
 * reason and logged at most once a second, because an OpenIM pointed at a wrong url (a typo, an old token) sends
 * every callback there, and that must be visible at once. Neither the path nor the token offered is logged: the path may hold a near guess of the token.
 */
@Singleton
public class GatewayRefusals {

    /** Why a request was refused; the metric's {@code reason} label, a fixed set. */
    public enum Reason {
        /** No token where one is configured, or another one. */
        TOKEN("token"),
        /** Not {@code [{token}/]{command}}: extra or empty segments, a trailing slash. */
        SHAPE("shape"),
        /** A dot segment, a percent-encoded character or a matrix parameter: never in OpenIM's url. */
        NOT_CANONICAL("notCanonical"),
        /** The gateway's url, but a callbackCommand imhook does not know. */
        UNKNOWN_COMMAND("unknownCommand");

        final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    private static final Logger LOG = Logger.getLogger(GatewayRefusals.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);
    private final String basePath;
    private final LogThrottle logThrottle = new LogThrottle(LOG_INTERVAL_NANOS);
    private final AtomicLong unlogged = new AtomicLong();

    public GatewayRefusals(MeterRegistry registry, GatewayConfig config) {
        this.basePath = config.basePath();
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("imhook.gateway.refused")
                    .description("Requests under imhook.gateway.base-path that are not the gateway's url, answered "
                            + "with a block")
                    .tag("reason", reason.label)
                    .register(registry));
        }
    }

    void refused(Reason reason) {
        counters.get(reason).increment();
        unlogged.incrementAndGet();
        if (logThrottle.tryAcquire()) {
            long count = unlogged.getAndSet(0);
            LOG.warnf("the OpenIM gateway refused %d request(s) under %s since the last such line (latest reason: "
                    + "%s) and answered each with a block: check the url of OpenIM's webhooks.yml (or "
                    + "IMENV_WEBHOOKS_URL) against imhook.gateway.base-path and imhook.gateway.token, or, for "
                    + "unknownCommand, whether OpenIM is newer than this imhook; "
                    + "imhook_gateway_refused_total counts them", count, basePath, reason.label);
        }
    }
}

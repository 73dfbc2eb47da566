package io.imhook.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the dispatcher talks to business servers ({@code application.yaml}, prefix {@code imhook.dispatch}). */
@ConfigMapping(prefix = "imhook.dispatch")
public interface DispatchConfig {

    /** Pooled keep-alive connections per business-server host (OpenIM uses 100). */
    @WithDefault("100")
    int maxConnections();

    /** The queue of after-callbacks awaiting delivery. */
    AfterQueueConfig afterQueue();

    /** The after-callback queue. */
    interface AfterQueueConfig {

        /** How many events may wait; past it {@code POST /dispatch/{key}} answers 503. */
        @WithDefault("10000")
        int capacity();

        /** How many deliveries run at once. */
        @WithDefault("16")
        int workers();
    }
}

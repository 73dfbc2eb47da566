package io.imhook.dispatch.after;

import java.util.concurrent.ThreadLocalRandom;

import io.imhook.dispatch.DispatchConfig.RetryConfig;

/**
 * The delays between delivery attempts of one after-callback: exponential with jitter, capped, and replaced by the
 * business server's {@code Retry-After} when it sent one, which saturates at the maximum delay. One instance per
 * delivery.
 */
final class RetrySchedule {

    private final RetryConfig config;
    private double nextDelayMillis;

    RetrySchedule(RetryConfig config) {
        this.config = config;
        this.nextDelayMillis = config.initialDelay().toMillis();
    }

    /** The delay before the next attempt, after {@code failure}. */
    public long nextDelayInMillis(Throwable failure) {
        long maxDelay = config.maxDelay().toMillis();
        if (failure instanceof DeliveryFailure delivery && delivery.retryAfter().isPresent()) {
            return Math.min(delivery.retryAfter().get().toMillis(), maxDelay);
        }
        double delay = Math.min(nextDelayMillis, maxDelay);
        nextDelayMillis = delay * config.factor();
        double jitter = config.jitter() <= 0 ? 0 : ThreadLocalRandom.current().nextDouble(config.jitter());
        return Math.round(delay * (1 - jitter));
    }
}

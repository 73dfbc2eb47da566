package io.imhook.dispatch;

import java.util.concurrent.ThreadLocalRandom;

import io.imhook.dispatch.DispatchConfig.RetryConfig;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * The delays between delivery attempts of one after-callback: exponential with jitter, capped, and replaced by the
 * business server's {@code Retry-After} when it sent one. One instance per delivery.
 */
final class RetrySchedule implements CustomBackoffStrategy {

    private final RetryConfig config;
    private double nextDelayMillis;

    RetrySchedule(RetryConfig config) {
        this.config = config;
        this.nextDelayMillis = config.initialDelay().toMillis();
    }

    @Override
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

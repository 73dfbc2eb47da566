package io.imhook.dispatch.after;

import java.time.Duration;

import jakarta.inject.Singleton;

import io.imhook.config.WebhookSettings;
import io.imhook.dispatch.BusinessServerClient;
import io.imhook.dispatch.CallbackGuards;
import io.imhook.dispatch.DispatchConfig;
import io.imhook.dispatch.DispatchConfig.RetryConfig;
import io.smallrye.mutiny.Uni;

/**
 * The one delivery step both backends share: one attempt at the business server, and what it means: delivered, try
 * again after a delay, or given up. The step never waits out a delay; the queue keeps the event until then.
 */
@Singleton
public class DeliveryStep {

    /** What one attempt came to. */
    public sealed interface Result {
    }

    /** A 2xx answer. */
    public record Delivered() implements Result {
    }

    /** A retryable failure with retries left: the next attempt is due after {@code delayMillis}. */
    public record RetryLater(long delayMillis, String error) implements Result {
    }

    /** A final answer (3xx, other 4xx) or the last retry failed: the event becomes a dead letter. */
    public record GiveUp(String error) implements Result {
    }

    private final BusinessServerClient client;
    private final CallbackGuards guards;
    private final WebhookSettings settings;
    private final RetryConfig retry;

    public DeliveryStep(BusinessServerClient client, CallbackGuards guards, WebhookSettings settings,
            DispatchConfig config) {
        this.client = client;
        this.guards = guards;
        this.settings = settings;
        this.retry = config.afterQueue().retry();
    }

    /** A fresh retry schedule for one event. */
    RetrySchedule schedule() {
        return new RetrySchedule(retry);
    }

    /**
     * Makes attempt number {@code attempt} (1 for the first) of {@code delivery}; never fails: every failure is a
     * {@link RetryLater} or a {@link GiveUp}.
     */
    public Uni<Result> attempt(Delivery delivery, int attempt, RetrySchedule schedule) {
        Duration timeout = settings.of(delivery.type()).timeout();
        return guards.guardedDelivery(delivery.type(),
                () -> client.post(delivery.url(), delivery.operationID(), delivery.body(), timeout, delivery.id())
                        .map(response -> {
                            int status = response.statusCode();
                            if (status < 200 || status > 299) {
                                throw DeliveryFailure.ofStatus(status, response.getHeader("Retry-After"));
                            }
                            return status;
                        }))
                .<Result> map(status -> new Delivered())
                .onFailure().recoverWithItem(failure -> {
                    String error = describe(failure, timeout);
                    boolean retryable = !(failure instanceof DeliveryFailure final_) || final_.retryable();
                    if (!retryable || attempt > retry.maxRetries()) {
                        return new GiveUp(error);
                    }
                    return new RetryLater(schedule.nextDelayInMillis(failure), error);
                });
    }

    static String describe(Throwable failure, Duration timeout) {
        if (failure instanceof DeliveryFailure) {
            return failure.getMessage();
        }
        return CallbackGuards.asExchangeFailure(failure, timeout).getMessage();
    }
}

package io.imhook.dispatch.after;

import java.time.Duration;

import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.imhook.config.DeliveryTarget;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksSnapshot;
import io.imhook.dispatch.BusinessServerClient;
import io.imhook.dispatch.CallbackGuards;
import io.imhook.dispatch.CallbackSpans;
import io.imhook.dispatch.CallbackTarget;
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
    private final CallbackSpans spans;
    private final RetryConfig retry;

    public DeliveryStep(BusinessServerClient client, CallbackGuards guards, WebhookSettings settings,
            CallbackSpans spans, DispatchConfig config) {
        this.client = client;
        this.guards = guards;
        this.settings = settings;
        this.spans = spans;
        this.retry = config.afterQueue().retry();
    }

    /** A fresh retry schedule for one event. */
    RetrySchedule schedule() {
        return new RetrySchedule(retry);
    }

    /**
     * Makes attempt number {@code attempt} (1 for the first) of {@code delivery}, under the {@code webhooks.yml} in
     * force now (a reload since the event was accepted moves its target's url and its timeout), in a span under the dispatch that
     * accepted it; never fails: every failure is a {@link RetryLater} or a {@link GiveUp}.
     */
    public Uni<Result> attempt(Delivery delivery, int attempt, RetrySchedule schedule) {
        WebhooksSnapshot snapshot = settings.current();
        Duration timeout = snapshot.of(delivery.type()).timeout();
        String targetName = delivery.target() == null ? DeliveryTarget.DEFAULT : delivery.target();
        Optional<DeliveryTarget> target = snapshot.target(delivery.type(), targetName);
        if (target.isEmpty()) {
            return Uni.createFrom().item(new GiveUp("the target " + targetName + " of " + delivery.type().key()
                    + " is no longer in webhooks.yml"));
        }
        String url = CallbackTarget.url(target.get().url(), delivery.type(), delivery.routeKeyQuery());
        return guards.guardedDelivery(snapshot, delivery.type(), () -> spans.attempt(delivery.traceparent(),
                delivery.type(), delivery.operationID(), attempt, timeout, span -> {
                    Map<String, String> headers = new HashMap<>(spans.headers(span, delivery.traceparent()));
                    headers.put(BusinessServerClient.WEBHOOK_ID, delivery.id());
                    return client.post(url, delivery.operationID(), delivery.id(), delivery.body(), timeout, headers)
                            .map(response -> {
                                int status = response.statusCode();
                                CallbackSpans.status(span, status);
                                if (status < 200 || status > 299) {
                                    throw DeliveryFailure.ofStatus(status, response.getHeader("Retry-After"));
                                }
                                return status;
                            });
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

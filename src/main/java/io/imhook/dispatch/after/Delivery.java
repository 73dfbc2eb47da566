package io.imhook.dispatch.after;

import java.util.UUID;

import io.imhook.callback.CallbackType;
import io.imhook.dispatch.Ingress;

/**
 * One after-callback accepted for background delivery.
 *
 * @param id the event's stable id, created when it is accepted and kept through retries, redeliveries and
 *        replays (sent as {@code webhook-id}), so that a receiver can drop duplicates
 * @param conversation the ordering key ({@link Conversation}): events with the same key are delivered in order
 * @param ingress where the event came in, for the metrics
 */
public record Delivery(String id, CallbackType type, String operationID, String url, byte[] body,
        String conversation, Ingress ingress) {

    /** A newly accepted event: a fresh id, and the conversation read from its body. */
    public Delivery(CallbackType type, String operationID, String url, byte[] body, Ingress ingress) {
        this(UUID.randomUUID().toString(), type, operationID, url, body, Conversation.of(type, body), ingress);
    }
}

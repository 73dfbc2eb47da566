package io.imhook.dispatch.after;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.CallbackType;
import io.imhook.config.DeliveryTarget;
import io.imhook.dispatch.Ingress;

/**
 * One after-callback accepted for background delivery.
 *
 * @param id the event's stable id, created when it is accepted and kept through retries, redeliveries and
 *        replays (sent as {@code webhook-id}), so that a receiver can drop duplicates
 * @param conversation the ordering key ({@link Conversation}): events with the same key are delivered in order;
 *        {@code event:<uuid>} under {@code ordering: none}, a conversation of the event's own
 * @param routeKeyQuery the {@code key=} value of a message after-callback, ready for the query; null for the others.
 *        The event keeps what its url is built from, not the url: each attempt goes to the base url of the
 *        {@code webhooks.yml} in force at the time of the attempt
 * @param ingress where the event came in, for the metrics
 * @param traceparent the W3C trace context of the dispatch that queued it; null when not traced
 * @param target the name of the one {@link DeliveryTarget} this delivery is for; null for an event just accepted,
 *        which the queue delivers to every target of its key ({@link #to})
 */
public record Delivery(String id, CallbackType type, String operationID, String routeKeyQuery, byte[] body,
        String conversation, Ingress ingress, String traceparent, String target) {

    /** An event for every target of its key. */
    public Delivery(String id, CallbackType type, String operationID, String routeKeyQuery, byte[] body,
            String conversation, Ingress ingress, String traceparent) {
        this(id, type, operationID, routeKeyQuery, body, conversation, ingress, traceparent, null);
    }

    /**
     * A newly accepted event whose body is {@code payload} written out: a fresh id, and the conversation read from
     * the tree the dispatcher holds, so the body is not parsed a second time.
     */
    public Delivery(CallbackType type, String operationID, String routeKeyQuery, byte[] body, JsonNode payload,
            Ingress ingress, String traceparent) {
        this(type, operationID, routeKeyQuery, body, payload, ingress, traceparent, true);
    }

    /**
     * As above; with {@code inConversationOrder} false ({@code ordering: none}) the event is a conversation of its
     * own, so it waits for no other event and none for it, in either backend (Kafka spreads such keys over every
     * partition).
     */
    public Delivery(CallbackType type, String operationID, String routeKeyQuery, byte[] body, JsonNode payload,
            Ingress ingress, String traceparent, boolean inConversationOrder) {
        this(UUID.randomUUID().toString(), type, operationID, routeKeyQuery, body,
                inConversationOrder ? Conversation.of(type, payload) : "event:" + UUID.randomUUID(), ingress,
                traceparent);
    }

    /**
     * This event's delivery to {@code target}: under {@code targets:} ({@code named}) with a {@code webhook-id} of
     * its own, {@code <event id>.<target name>}, the same on every redelivery; else with the event's id, as before
     * fan-out existed.
     */
    public Delivery to(DeliveryTarget target, boolean named) {
        return new Delivery(named ? id + "." + target.name() : id, type, operationID, routeKeyQuery, body,
                conversation, ingress, traceparent, target.name());
    }
}

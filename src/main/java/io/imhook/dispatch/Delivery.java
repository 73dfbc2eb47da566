package io.imhook.dispatch;

import io.imhook.callback.CallbackType;

/**
 * One after-callback accepted for background delivery.
 *
 * @param eventId the event's id, created when it was accepted and sent as {@code webhook-id} on every attempt,
 *        retry and replay
 */
record Delivery(CallbackType type, String operationID, String url, byte[] body, Ingress ingress, String eventId) {
}

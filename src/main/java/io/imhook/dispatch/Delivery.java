package io.imhook.dispatch;

import io.imhook.callback.CallbackType;

/**
 * One after-callback accepted for background delivery. It keeps what its url is built from, not the url: each
 * attempt goes to the base url of the {@code webhooks.yml} in force at the time of the attempt.
 *
 * @param routeKeyQuery the {@code key=} value of a message after-callback, ready for the query; null for the others
 * @param ingress where the event came in
 * @param traceparent the W3C trace context of the dispatch that queued it; null when not traced
 */
record Delivery(CallbackType type, String operationID, String routeKeyQuery, byte[] body, Ingress ingress,
        String traceparent) {
}

package io.imhook.dispatch;

import io.imhook.callback.CallbackType;

/** One after-callback accepted for background delivery. */
record Delivery(CallbackType type, String operationID, String url, byte[] body, Ingress ingress) {
}

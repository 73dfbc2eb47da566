package io.imhook.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A decision with the request it was made on, as it was sent to the business server (wire field names, with
 * {@code callbackCommand}): an ingress that answers in OpenIM's reply format needs both.
 */
public record Dispatched(Decision decision, ObjectNode request) {
}

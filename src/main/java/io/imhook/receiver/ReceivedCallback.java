package io.imhook.receiver;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One callback the receiver answered, as {@code GET {base-path}/events} lists it.
 *
 * @param operationID the {@code operationID} header, {@code ""} when it was missing
 * @param body the request body as read into the callback's request record (a field it did not carry is null)
 * @param answer the reply sent back
 */
public record ReceivedCallback(
        String command,
        String operationID,
        Instant receivedAt,
        Record body,
        Verdict verdict,
        ObjectNode answer) {
}

package io.imhook.dispatch.after;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An after-callback whose delivery was given up: retries exhausted, or a final answer.
 *
 * @param id the dead letter's id in the admin API
 * @param body the request body that was sent
 * @param attempts how many times it was sent
 * @param lastError what the last attempt ran into
 */
public record DeadLetter(long id, String key, String operationID, JsonNode body, int attempts, String lastError,
        Instant failedAt) {
}

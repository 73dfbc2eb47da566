package io.imhook.dispatch.after;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An after-callback whose delivery was given up: retries exhausted, or a final answer.
 *
 * @param id the dead letter's id in the admin API
 * @param target the business server it was not delivered to ({@code default}: the key's url); a replay or a
 *        discard acts on this target's delivery only
 * @param body the request body that was sent
 * @param attempts how many times it was sent
 * @param lastError what the last attempt ran into
 */
public record DeadLetter(long id, String key, String target, String operationID, JsonNode body, int attempts, String lastError,
        Instant failedAt) {
}

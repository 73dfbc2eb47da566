package io.imhook.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Small bounds, for the tests that reach them: an after-queue of {@value #AFTER_QUEUE_CAPACITY} places and
 * {@value #AFTER_QUEUE_CAPACITY_BYTES} body bytes with one worker and no retries, DOWN from half full, dead letters of
 * at most {@value #DEAD_LETTER_CAPACITY_BYTES} body bytes, and a url bulkhead of {@value #BULKHEAD_LIMIT} calls in flight and
 * {@value #BULKHEAD_QUEUE} waiting, of which one key takes at most {@value #KEY_SHARE_LIMIT} in flight and
 * {@value #KEY_SHARE_QUEUE} waiting, the before-callbacks held taking at most {@value #BULKHEAD_HELD_BYTES} body
 * bytes.
 * <p>
 * One profile for all of them, because every profile is one more build of the app before the first test: the
 * after-callback tests use after keys and the bulkhead tests before keys, so neither reaches the other's bound.
 */
public class TightLimits implements QuarkusTestProfile {

    /** Places in the after-queue, besides the one event its only worker holds. */
    public static final int AFTER_QUEUE_CAPACITY = 4;
    /** Body bytes the pending after-callbacks may hold. */
    public static final int AFTER_QUEUE_CAPACITY_BYTES = 8 * 1024;
    /** Body bytes the dead letters may hold before the oldest is evicted. */
    public static final int DEAD_LETTER_CAPACITY_BYTES = 6 * 1024;
    /** Calls in flight to one business-server url. */
    public static final int BULKHEAD_LIMIT = 3;
    /** Calls waiting for a slot at one business-server url. */
    public static final int BULKHEAD_QUEUE = 1;
    /** Calls in flight for one key: half of the url's, rounded up. */
    public static final int KEY_SHARE_LIMIT = 2;
    /** Calls waiting for one key: half of the url's, rounded up. */
    public static final int KEY_SHARE_QUEUE = 1;
    /** Body bytes the before-callbacks held by the bulkheads may take together. */
    public static final int BULKHEAD_HELD_BYTES = 4 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("imhook.dispatch.after-queue.capacity", String.valueOf(AFTER_QUEUE_CAPACITY)),
                Map.entry("imhook.dispatch.after-queue.capacity-bytes", String.valueOf(AFTER_QUEUE_CAPACITY_BYTES)),
                Map.entry("imhook.dispatch.after-queue.dead-letter-capacity-bytes",
                        String.valueOf(DEAD_LETTER_CAPACITY_BYTES)),
                Map.entry("imhook.dispatch.after-queue.workers", "1"),
                Map.entry("imhook.dispatch.after-queue.retry.max-retries", "0"),
                Map.entry("imhook.health.after-queue-overloaded", "0.5"),
                // a delivery the business server never answers gives up after 1 s
                Map.entry("webhooks.afterUserOnline.timeout", "1"),
                Map.entry("imhook.dispatch.bulkhead.limit", String.valueOf(BULKHEAD_LIMIT)),
                Map.entry("imhook.dispatch.bulkhead.queue-size", String.valueOf(BULKHEAD_QUEUE)),
                Map.entry("imhook.dispatch.bulkhead.per-key-share", "0.5"),
                Map.entry("imhook.dispatch.bulkhead.max-held-bytes", String.valueOf(BULKHEAD_HELD_BYTES)));
    }
}

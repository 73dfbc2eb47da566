package io.imhook.config.reload;

import io.imhook.config.WebhooksSnapshot;

/**
 * The CDI event fired, synchronously, right after a new {@code webhooks.yml} was put in force: observers rebuild
 * what they derived from the settings (the per-url guards drop those of removed urls).
 */
public record WebhooksReloaded(WebhooksSnapshot previous, WebhooksSnapshot current, SnapshotDiff diff) {
}

package io.imhook.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.imhook.callback.CallbackType;

/**
 * One callback's effective settings: its {@code webhooks.yml} entry with OpenIM's defaults filled in.
 *
 * @param allowedTypes empty when no allow-list is configured
 */
public record CallbackSettings(
        CallbackType type,
        boolean enabled,
        Duration timeout,
        boolean failedContinue,
        List<ContentTypeRange> deniedTypes,
        Optional<List<ContentTypeRange>> allowedTypes,
        Set<String> attentionIds) {

    public boolean denies(int contentType) {
        return deniedTypes.stream().anyMatch(range -> range.contains(contentType));
    }

    public boolean allows(int contentType) {
        return allowedTypes.map(ranges -> ranges.stream().anyMatch(range -> range.contains(contentType)))
                .orElse(true);
    }
}

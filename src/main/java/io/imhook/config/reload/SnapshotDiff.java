package io.imhook.config.reload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhooksSnapshot;

/**
 * What changed from one {@code webhooks.yml} snapshot to the next: the callbacks whose settings differ, and the base
 * urls that appeared or went away (whose breakers and bulkheads are created or dropped).
 *
 * @param changedKeys callback keys whose effective settings differ, in catalogue order
 * @param addedBaseUrls base urls the new snapshot uses and the old one did not
 * @param removedBaseUrls base urls the old snapshot used and the new one does not
 */
public record SnapshotDiff(boolean urlChanged, List<String> changedKeys, Set<String> addedBaseUrls,
        Set<String> removedBaseUrls) {

    public static SnapshotDiff between(WebhooksSnapshot before, WebhooksSnapshot after) {
        List<String> changed = new ArrayList<>();
        for (CallbackSettings next : after.all().values()) {
            CallbackSettings previous = before.of(next.type());
            if (!next.equals(previous) || !after.url(next.type()).equals(before.url(next.type()))
                    || !after.targets(next.type()).equals(before.targets(next.type()))) {
                changed.add(next.type().key());
            }
        }
        Set<String> added = new LinkedHashSet<>(after.baseUrls());
        added.removeAll(before.baseUrls());
        Set<String> removed = new LinkedHashSet<>(before.baseUrls());
        removed.removeAll(after.baseUrls());
        return new SnapshotDiff(!before.url().equals(after.url()), List.copyOf(changed), Set.copyOf(added),
                Set.copyOf(removed));
    }

    /** Whether the effective settings are the same (the file changed only in comments, order or layout). */
    public boolean isEmpty() {
        return !urlChanged && changedKeys.isEmpty() && addedBaseUrls.isEmpty() && removedBaseUrls.isEmpty();
    }

    /** One line for the reload log. */
    public String summary() {
        if (isEmpty()) {
            return "no effective change";
        }
        StringBuilder text = new StringBuilder();
        if (urlChanged) {
            text.append("url changed; ");
        }
        text.append(changedKeys.size()).append(" callback(s) changed ").append(changedKeys);
        if (!removedBaseUrls.isEmpty()) {
            text.append("; breakers and bulkheads dropped for ").append(removedBaseUrls.size())
                    .append(" removed base url(s)");
        }
        return text.toString();
    }
}

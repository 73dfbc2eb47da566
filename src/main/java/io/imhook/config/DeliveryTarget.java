package io.imhook.config;

import java.util.regex.Pattern;

/**
 * One business server an after-callback's events are delivered to. A key without {@code targets:} in
 * {@code webhooks.yml} has one, {@link #DEFAULT}, at its url; a key with {@code targets:} has those instead, each
 * delivered on its own: its own retries, order, {@code webhook-id}, dead letters and delivery workers.
 *
 * @param name the target's name in {@code webhooks.yml}, shown in dead letters, the ledger and the metrics
 * @param url its base URL, without a trailing slash; each event is POSTed to {@code {url}/{callbackCommand}}
 * @param inConversationOrder whether one conversation's events reach it one at a time, in order
 */
public record DeliveryTarget(String name, String url, boolean inConversationOrder) {

    /** The name of the one target of a key that names none: its {@code url} (or the top-level one). */
    public static final String DEFAULT = "default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Whether {@code name} may name a target: it is a metric label and part of a {@code webhook-id}. */
    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }
}

package io.imhook.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * OpenIM's {@code webhooks.yml}, read unchanged: the top-level {@code url} and one entry per callback key. The
 * file is read at run time by {@link WebhooksFile}, under the {@code webhooks} prefix; inject
 * {@link WebhookSettings} rather than this mapping.
 */
@ConfigMapping(prefix = "webhooks", namingStrategy = ConfigMapping.NamingStrategy.VERBATIM)
public interface WebhooksConfig {

    /** The business server's base URL; each callback is POSTed to {@code {url}/{callbackCommand}}. */
    @WithDefault("http://127.0.0.1:10006/callbackExample")
    @WithConverter(HttpUrlConverter.class)
    String url();

    /** The callback entries, by {@code webhooks.yml} key (e.g. {@code beforeSendSingleMsg}). */
    @WithParentName
    Map<String, CallbackEntry> callbacks();

    /** One callback key of {@code webhooks.yml}. */
    interface CallbackEntry {

        /** Whether the callback is sent at all; when false the action proceeds without an HTTP call. */
        @WithDefault("false")
        boolean enable();

        /** Seconds to wait for the business server; {@code <= 0} means 5 s (with a warning). */
        @WithDefault("5")
        int timeout();

        /** Before-callbacks: whether the action proceeds when the exchange fails; default per key (spec 4). */
        Optional<Boolean> failedContinue();

        /** Message callbacks: content types (or ranges like {@code 200-500}) that are not sent. */
        Optional<List<ContentTypeRange>> deniedTypes();

        /** Message callbacks: when set, only these content types (or ranges) are sent. */
        Optional<List<ContentTypeRange>> allowedTypes();

        /** Message after-callbacks: when non-empty, only messages to these user or group IDs are sent. */
        Optional<List<String>> attentionIds();

        /**
         * imhook only, not in OpenIM's file: this callback's own business-server base URL instead of the top-level
         * {@code url}. Callbacks that share a base URL share its circuit breaker and bulkhead.
         */
        @WithConverter(HttpUrlConverter.class)
        Optional<String> url();

        /**
         * imhook only, before-callbacks: a second business server's base URL that gets the same request at the
         * same time, whose answer is only compared with the live one and counted; it never changes a decision.
         */
        @WithConverter(HttpUrlConverter.class)
        Optional<String> shadow();

        /**
         * imhook only, after-callbacks: {@code conversation} (the default) delivers the events of one conversation
         * in order, each waiting for the one before it and its retries; {@code none} delivers each on its own.
         */
        Optional<Ordering> ordering();

        /**
         * imhook only, after-callbacks: the business servers this callback's events go to, by name, instead of
         * {@code url}; each gets every event on its own (retries, order, {@code webhook-id}, dead letters).
         */
        Map<String, TargetEntry> targets();
    }

    /** One named target of an after-callback's {@code targets:}. */
    interface TargetEntry {

        /** The target's base URL; each event is POSTed to {@code {url}/{callbackCommand}}. */
        @WithConverter(HttpUrlConverter.class)
        String url();

        /** {@code conversation} or {@code none} for this target; the callback's {@code ordering} when absent. */
        Optional<Ordering> ordering();
    }
}

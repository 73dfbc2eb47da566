package io.imhook.callback;

import java.util.List;
import java.util.Set;

/**
 * One of the 53 OpenIM callbacks, as data.
 *
 * @param key the {@code webhooks.yml} key, e.g. {@code beforeSendSingleMsg}
 * @param command the exact callbackCommand path segment (spec 3.1, typos included)
 * @param phase before or after the IM event
 * @param requestType the request record
 * @param replyType the reply record beyond {@link io.imhook.callback.payload.CommonReply}, or {@code null}
 * @param omittedFields fields of the request record this callback does not send
 * @param filter the content filters it honours
 * @param appliedFields the reply fields applied back to the pending action
 * @param failedContinueDefault what a missing {@code failedContinue} means (spec 4)
 * @param sendsRouteKey whether the URL carries the {@code key=} query (spec 2.1)
 */
public record CallbackType(
        String key,
        String command,
        Phase phase,
        Class<? extends Record> requestType,
        Class<? extends Record> replyType,
        Set<String> omittedFields,
        MessageFilter filter,
        List<AppliedField> appliedFields,
        boolean failedContinueDefault,
        boolean sendsRouteKey) {

    public boolean isBefore() {
        return phase == Phase.BEFORE;
    }

    static Builder before(String key, String command, Class<? extends Record> requestType) {
        return new Builder(key, command, Phase.BEFORE, requestType);
    }

    static Builder after(String key, String command, Class<? extends Record> requestType) {
        return new Builder(key, command, Phase.AFTER, requestType);
    }

    static final class Builder {
        private final String key;
        private final String command;
        private final Phase phase;
        private final Class<? extends Record> requestType;
        private Class<? extends Record> replyType;
        private Set<String> omitted = Set.of();
        private MessageFilter filter = MessageFilter.NONE;
        private List<AppliedField> applied = List.of();
        private boolean failedContinueDefault = true;
        private boolean sendsRouteKey;

        private Builder(String key, String command, Phase phase, Class<? extends Record> requestType) {
            this.key = key;
            this.command = command;
            this.phase = phase;
            this.requestType = requestType;
            this.failedContinueDefault = phase == Phase.BEFORE;
        }

        Builder omitting(String... fields) {
            this.omitted = Set.of(fields);
            return this;
        }

        Builder filter(MessageFilter filter) {
            this.filter = filter;
            return this;
        }

        Builder reply(Class<? extends Record> replyType, AppliedField... applied) {
            this.replyType = replyType;
            this.applied = List.of(applied);
            return this;
        }

        Builder failedContinueDefault(boolean value) {
            this.failedContinueDefault = value;
            return this;
        }

        Builder routeKey() {
            this.sendsRouteKey = true;
            return this;
        }

        CallbackType build() {
            return new CallbackType(key, command, phase, requestType, replyType, omitted, filter, applied,
                    failedContinueDefault, sendsRouteKey);
        }
    }
}

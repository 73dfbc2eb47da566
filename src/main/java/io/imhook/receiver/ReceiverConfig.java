package io.imhook.receiver;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The reference receiver ({@code application.yaml}, prefix {@code imhook.receiver}). In dev mode an edit of
 * {@code application.yaml} is live-reloaded on the next request; the service is not restarted by hand.
 */
@ConfigMapping(prefix = "imhook.receiver")
public interface ReceiverConfig {

    /** The path the callbacks are POSTed under; OpenIM's default {@code url} ends in {@code /callbackExample}. */
    @WithDefault("/callbackExample")
    String basePath();

    /** Listed words, matched case-insensitively: denied in messages and nicknames, masked by beforeMsgModify. */
    @WithDefault("badword,xxx")
    List<String> words();

    /** errCode of a denied message; OpenIM documents 5000..9999 for message callbacks. */
    @WithDefault("5001")
    int messageDenyCode();

    /** errCode of a denied nickname; OpenIM's user-callback pages show the same 5000..9999 range. */
    @WithDefault("5002")
    int nicknameDenyCode();

    /** User IDs whose friend requests beforeAddFriend denies (exact match). */
    @WithDefault("spammer")
    Set<String> blockedUsers();

    /** errCode of a denied friend request; OpenIM documents 20001..29999 for relationship callbacks. */
    @WithDefault("20001")
    int friendDenyCode();

    /** How many received callbacks {@code GET {base-path}/events} keeps, newest first. */
    @WithDefault("1000")
    int eventsCapacity();

    /** How many bytes of request bodies the kept callbacks may hold together; past it the oldest are evicted. */
    @WithDefault("8M")
    MemorySize eventsCapacityBytes();

    /** How the receiver checks that a callback comes from imhook. */
    ReceiverSigning signing();

    /** Standard Webhooks verification of incoming callbacks. */
    interface ReceiverSigning {

        /**
         * The secrets a callback may be signed with, each {@code whsec_} + base64 (env
         * {@code IMHOOK_RECEIVER_SIGNING_SECRETS}, comma-separated); any one that matches is enough. Unset: unsigned
         * callbacks are accepted, with one start-up warning.
         */
        Optional<List<String>> secrets();

        /**
         * How far {@code webhook-timestamp} may lie from now, either way; a {@code webhook-id} seen within it gets
         * the first answer again and is not processed twice.
         */
        @WithDefault("5m")
        Duration tolerance();

        /**
         * How many {@code webhook-id}s are kept at most, each until its {@code webhook-timestamp} plus the tolerance
         * (about 300 bytes each); a signed callback with a new id past it is refused with 503 and a JSON body, never
         * an id forgotten inside its window.
         */
        @WithDefault("50000")
        int replayCapacity();
    }
}

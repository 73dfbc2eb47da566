package io.imhook.receiver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.signing.SigningSecret;
import io.imhook.signing.WebhookVerifier;
import io.quarkus.runtime.Startup;

/**
 * The receiver's check of a callback's Standard Webhooks signature, and its memory of the {@code webhook-id}s it
 * answered within the tolerance: a repeated id gets its first answer again, unprocessed.
 */
@Startup
@Singleton
public class CallbackVerification {

    private static final Logger LOG = Logger.getLogger(CallbackVerification.class);
    /** Ids remembered at most, whatever the tolerance; the oldest go first. */
    static final int MAX_REMEMBERED = 10_000;

    private final Optional<WebhookVerifier> verifier;
    private final Duration tolerance;
    private final Clock clock;
    /** Guarded by itself; insertion order is age order. */
    private final Map<String, Seen> seen = new LinkedHashMap<>();

    private record Seen(ObjectNode answer, Instant at) {
    }

    @Inject
    public CallbackVerification(ReceiverConfig config) {
        this(SigningSecret.parseAll(config.signing().secrets().orElse(List.of())), config.signing().tolerance(),
                Clock.systemUTC());
        if (verifier.isEmpty()) {
            LOG.warn("imhook.receiver.signing.secrets is not set: the receiver accepts unsigned callbacks from "
                    + "anyone (set IMHOOK_RECEIVER_SIGNING_SECRETS)");
        }
    }

    CallbackVerification(List<SigningSecret> secrets, Duration tolerance, Clock clock) {
        this.verifier = secrets.isEmpty() ? Optional.empty()
                : Optional.of(new WebhookVerifier(secrets, tolerance, clock));
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * Verifies one callback (when secrets are set) and gives the answer its {@code webhook-id} got before, if any.
     *
     * @throws WebhookVerifier.Rejected when the signature is missing, malformed, wrong or too old
     */
    public Optional<ObjectNode> verify(String id, String timestamp, String signature, byte[] body) {
        if (verifier.isEmpty()) {
            return Optional.empty();
        }
        verifier.get().verify(id, timestamp, signature, body);
        synchronized (seen) {
            forgetOld();
            return Optional.ofNullable(seen.get(id)).map(earlier -> earlier.answer().deepCopy());
        }
    }

    /** Remembers the answer to a verified callback, so a repeat of its id gets the same one. */
    public void remember(String id, ObjectNode answer) {
        if (verifier.isEmpty() || id == null) {
            return;
        }
        synchronized (seen) {
            seen.putIfAbsent(id, new Seen(answer.deepCopy(), clock.instant()));
            while (seen.size() > MAX_REMEMBERED) {
                Iterator<String> oldest = seen.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    private void forgetOld() {
        // a timestamp older than the tolerance is refused anyway, so an id older than twice of it cannot come back
        Instant horizon = clock.instant().minus(tolerance.multipliedBy(2));
        Iterator<Seen> oldest = seen.values().iterator();
        while (oldest.hasNext() && oldest.next().at().isBefore(horizon)) {
            oldest.remove();
        }
    }
}

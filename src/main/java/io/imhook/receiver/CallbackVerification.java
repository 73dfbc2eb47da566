package io.imhook.receiver;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.imhook.signing.SigningSecret;
import io.imhook.signing.WebhookVerifier;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * The receiver's check of a callback's Standard Webhooks signature, and its memory of the {@code webhook-id}s it
 * took: a callback is processed only once its id is reserved, so a repeated id, whether it comes after the first
 * answer or while the first copy is still being processed, gets the first answer and is not processed again.
 * <p>
 * An id is kept for as long as a copy of a callback with it could pass the timestamp check: until its latest
 * {@code webhook-timestamp} plus the tolerance. Past {@code replay-capacity} ids a callback with a new id is refused
 * ({@link ReplayMemoryFullException}, 503) rather than an id forgotten inside its window.
 */
@Startup
@Singleton
public class CallbackVerification {

    private static final Logger LOG = Logger.getLogger(CallbackVerification.class);

    private final Optional<WebhookVerifier> verifier;
    private final long toleranceSeconds;
    private final int capacity;
    private final Clock clock;
    /** The ids taken and when each may be forgotten; both guarded by {@code taken}. */
    private final Map<String, Taken> taken = new HashMap<>();
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>();

    /** One id: its first answer (pending while its first copy is processed) and the second it may be forgotten. */
    private static final class Taken {
        final CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        long forgetAfter;

        Taken(long forgetAfter) {
            this.forgetAfter = forgetAfter;
        }
    }

    private record Expiry(long at, String id) implements Comparable<Expiry> {
        @Override
        public int compareTo(Expiry other) {
            return Long.compare(at, other.at);
        }
    }

    @Inject
    public CallbackVerification(ReceiverConfig config) {
        this(SigningSecret.parseAll(config.signing().secrets().orElse(List.of())), config.signing().tolerance(),
                config.signing().replayCapacity(), Clock.systemUTC());
        if (verifier.isEmpty()) {
            LOG.warn("imhook.receiver.signing.secrets is not set: the receiver accepts unsigned callbacks from "
                    + "anyone (set IMHOOK_RECEIVER_SIGNING_SECRETS)");
        }
    }

    CallbackVerification(List<SigningSecret> secrets, Duration tolerance, int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("imhook.receiver.signing.replay-capacity must be at least 1, not "
                    + capacity);
        }
        this.verifier = secrets.isEmpty() ? Optional.empty()
                : Optional.of(new WebhookVerifier(secrets, tolerance, clock));
        this.toleranceSeconds = tolerance.toSeconds();
        this.capacity = capacity;
        this.clock = clock;
    }

    /**
     * Verifies one callback (when secrets are set) and processes it once per {@code webhook-id}: the answer of
     * {@code process} for a new id, the first answer for a known one (once it is there). A {@code process} that
     * fails frees the id, and the copies that waited for it fail the same way.
     *
     * @throws WebhookVerifier.Rejected when the signature is missing, malformed, wrong or too old
     * @throws ReplayMemoryFullException when the id is new and {@code replay-capacity} ids are kept
     */
    public Uni<ObjectNode> once(String id, String timestamp, String signature, byte[] body,
            Supplier<ObjectNode> process) {
        if (verifier.isEmpty()) {
            return Uni.createFrom().item(process);
        }
        verifier.get().verify(id, timestamp, signature, body);
        // the verifier parsed it; a copy signed at this second passes the timestamp check until then
        long forgetAfter = Long.parseLong(timestamp.strip()) + toleranceSeconds;
        Taken mine;
        synchronized (taken) {
            forgetExpired(clock.instant().getEpochSecond());
            Taken earlier = taken.get(id);
            if (earlier != null) {
                if (forgetAfter > earlier.forgetAfter) {
                    earlier.forgetAfter = forgetAfter;
                    expiries.add(new Expiry(forgetAfter, id));
                }
                return Uni.createFrom().completionStage(earlier.answer).map(ObjectNode::deepCopy);
            }
            if (taken.size() >= capacity) {
                throw new ReplayMemoryFullException(capacity,
                        Math.max(1, expiries.peek().at() - clock.instant().getEpochSecond()));
            }
            mine = new Taken(forgetAfter);
            taken.put(id, mine);
            expiries.add(new Expiry(forgetAfter, id));
        }
        ObjectNode answer;
        try {
            answer = process.get();
        } catch (RuntimeException e) {
            synchronized (taken) {
                taken.remove(id, mine);
            }
            mine.answer.completeExceptionally(e);
            throw e;
        }
        mine.answer.complete(answer.deepCopy());
        return Uni.createFrom().item(answer);
    }

    /** Ids whose window has passed: any copy of them now fails the timestamp check. */
    private void forgetExpired(long nowSeconds) {
        while (!expiries.isEmpty() && expiries.peek().at() < nowSeconds) {
            Expiry expiry = expiries.poll();
            Taken entry = taken.get(expiry.id());
            // a later copy of the id may have moved its window on; that move queued an expiry of its own
            if (entry != null && entry.forgetAfter <= expiry.at()) {
                taken.remove(expiry.id());
            }
        }
    }
}

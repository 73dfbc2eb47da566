package io.imhook.receiver;

/**
 * A signed callback with a new {@code webhook-id} while the receiver already keeps {@code replay-capacity} ids within
 * their window: refused (503), since forgetting an id inside its window would let a copy of it be replayed.
 */
public class ReplayMemoryFullException extends RuntimeException {

    private final long retryAfterSeconds;

    ReplayMemoryFullException(int capacity, long retryAfterSeconds) {
        super("the receiver keeps " + capacity + " webhook-ids within the signature tolerance "
                + "(imhook.receiver.signing.replay-capacity); a new one is refused until the oldest expires",
                null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds until the oldest kept id expires and a new one has room. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

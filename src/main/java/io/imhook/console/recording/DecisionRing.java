package io.imhook.console.recording;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The last {@code capacity} decisions, lock-free: a writer takes the next number and stores its record in that
 * number's slot, overwriting the oldest. A reader checks each slot's number, so a record overwritten while it
 * reads is skipped rather than shown under another's id.
 */
public final class DecisionRing {

    private final AtomicReferenceArray<RecordedDecision> slots;
    private final AtomicLong next = new AtomicLong();
    private final int capacity;

    public DecisionRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Stores the record {@code build} makes for the next number; gives that number. */
    public long add(LongFunction<RecordedDecision> build) {
        long seq = next.getAndIncrement();
        slots.set((int) (seq % capacity), build.apply(seq));
        return seq;
    }

    /** The newest records {@code wanted} accepts, newest first, at most {@code limit}. */
    public List<RecordedDecision> newest(Predicate<RecordedDecision> wanted, int limit) {
        long last = next.get() - 1;
        List<RecordedDecision> found = new ArrayList<>();
        for (long seq = last; seq >= 0 && seq > last - capacity && found.size() < limit; seq--) {
            RecordedDecision recorded = slots.get((int) (seq % capacity));
            if (recorded != null && recorded.seq() == seq && wanted.test(recorded)) {
                found.add(recorded);
            }
        }
        return found;
    }

    /** The record numbered {@code seq}, while it is still kept. */
    public Optional<RecordedDecision> get(long seq) {
        if (seq < 0) {
            return Optional.empty();
        }
        RecordedDecision recorded = slots.get((int) (seq % capacity));
        return recorded != null && recorded.seq() == seq ? Optional.of(recorded) : Optional.empty();
    }

    public int capacity() {
        return capacity;
    }
}

package io.imhook.dispatch.after;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.PayloadCodec;
import io.imhook.logging.LoggedBody;

/**
 * After-callbacks whose delivery was given up, kept in memory for inspection and replay (the memory backend's dead
 * letters). Bounded: past the capacity the oldest is logged with its body and discarded, never dropped silently.
 */
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /** A dead letter and the delivery that replays it. */
    public record Entry(DeadLetter letter, Delivery delivery) {
    }

    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final int capacity;
    private final IntConsumer onDiscard;

    /** @param onDiscard told how many dead letters were evicted */
    public DeadLetters(int capacity, IntConsumer onDiscard) {
        this.capacity = capacity;
        this.onDiscard = onDiscard;
    }

    public void add(Delivery delivery, int attempts, String lastError) {
        Entry evicted = null;
        synchronized (this) {
            long id = nextId.getAndIncrement();
            JsonNode body = PayloadCodec.read(delivery.body(), JsonNode.class);
            entries.put(id, new Entry(new DeadLetter(id, delivery.type().key(), delivery.operationID(), body,
                    attempts, lastError, Instant.now()), delivery));
            if (entries.size() > capacity) {
                Iterator<Entry> oldest = entries.values().iterator();
                evicted = oldest.next();
                oldest.remove();
            }
        }
        if (evicted != null) {
            onDiscard.accept(1);
            LOG.errorf("dead letters full (%d): discarded %s operationID=%s body %s", capacity,
                    evicted.letter().key(), evicted.letter().operationID(), text(evicted.delivery()));
        }
    }

    /** The dead letters, oldest first, at most {@code limit}. */
    public synchronized List<DeadLetter> list(int limit) {
        return entries.values().stream().limit(limit).map(Entry::letter).toList();
    }

    public synchronized Optional<Entry> remove(long id) {
        return Optional.ofNullable(entries.remove(id));
    }

    public synchronized List<Entry> removeAll() {
        List<Entry> all = new ArrayList<>(entries.values());
        entries.clear();
        return all;
    }

    /** Deletes one dead letter for good; counted as discarded. */
    public boolean delete(long id) {
        boolean deleted = remove(id).isPresent();
        if (deleted) {
            onDiscard.accept(1);
        }
        return deleted;
    }

    /** Deletes every dead letter for good; counted as discarded. */
    public int deleteAll() {
        int deleted = removeAll().size();
        onDiscard.accept(deleted);
        return deleted;
    }

    public synchronized int size() {
        return entries.size();
    }

    static String text(Delivery delivery) {
        return LoggedBody.of(delivery.body());
    }
}

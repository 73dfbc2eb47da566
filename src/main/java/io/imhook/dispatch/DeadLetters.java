package io.imhook.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.PayloadCodec;
import io.imhook.logging.LoggedBody;

/**
 * After-callbacks whose delivery was given up, kept for inspection and replay. Bounded in count and in body bytes:
 * past either, the oldest is logged (size and hash of its body, see {@link LoggedBody}) and discarded, never
 * dropped silently.
 */
@Singleton
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /**
     * A dead letter (its body left null) and the delivery that replays it: the body is kept once, as the bytes
     * sent, and read into a tree only when listed.
     */
    record Entry(DeadLetter letter, Delivery delivery) {

        DeadLetter withBody() {
            return new DeadLetter(letter.id(), letter.key(), letter.operationID(),
                    PayloadCodec.read(delivery.body(), JsonNode.class), letter.attempts(), letter.lastError(),
                    letter.failedAt());
        }
    }

    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong discarded = new AtomicLong();
    private final int capacity;
    private final long capacityBytes;
    /** Guarded by this. */
    private long bytes;

    public DeadLetters(DispatchConfig config) {
        this.capacity = config.afterQueue().deadLetterCapacity();
        this.capacityBytes = config.afterQueue().deadLetterCapacityBytes().asLongValue();
    }

    synchronized void add(Delivery delivery, int attempts, String lastError) {
        long id = nextId.getAndIncrement();
        entries.put(id, new Entry(new DeadLetter(id, delivery.type().key(), delivery.operationID(), null, attempts,
                lastError, Instant.now()), delivery));
        bytes += delivery.body().length;
        while (entries.size() > capacity || (bytes > capacityBytes && entries.size() > 1)) {
            Iterator<Entry> oldest = entries.values().iterator();
            Entry evicted = oldest.next();
            oldest.remove();
            bytes -= evicted.delivery().body().length;
            discarded.incrementAndGet();
            LOG.errorf("dead letters full (%d, %d bytes): discarded %s operationID=%s body %s", capacity,
                    capacityBytes, evicted.letter().key(), evicted.letter().operationID(),
                    LoggedBody.of(evicted.delivery().body()));
        }
    }

    /** The dead letters, oldest first, at most {@code limit}. */
    public List<DeadLetter> list(int limit) {
        List<Entry> listed;
        synchronized (this) {
            listed = entries.values().stream().limit(limit).toList();
        }
        return listed.stream().map(Entry::withBody).toList();
    }

    synchronized Optional<Entry> remove(long id) {
        Entry removed = entries.remove(id);
        if (removed != null) {
            bytes -= removed.delivery().body().length;
        }
        return Optional.ofNullable(removed);
    }

    synchronized List<Entry> removeAll() {
        List<Entry> all = new ArrayList<>(entries.values());
        entries.clear();
        bytes = 0;
        return all;
    }

    /** Deletes one dead letter for good; counted as discarded. */
    public boolean delete(long id) {
        boolean deleted = remove(id).isPresent();
        if (deleted) {
            discarded.incrementAndGet();
        }
        return deleted;
    }

    /** Deletes every dead letter for good; counted as discarded. */
    public int deleteAll() {
        int deleted = removeAll().size();
        discarded.addAndGet(deleted);
        return deleted;
    }

    public synchronized int size() {
        return entries.size();
    }

    public long discarded() {
        return discarded.get();
    }

    /** The body of an event as a log line may show it (size and hash unless {@code imhook.log.bodies}). */
    static String text(Delivery delivery) {
        return LoggedBody.of(delivery.body());
    }
}

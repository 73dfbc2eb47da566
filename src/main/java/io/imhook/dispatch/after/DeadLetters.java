package io.imhook.dispatch.after;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.callback.PayloadCodec;
import io.imhook.logging.LoggedBody;

/**
 * After-callbacks whose delivery was given up, kept in memory for inspection and replay (the memory backend's dead
 * letters). Bounded in count and in body bytes: past either the oldest are logged with their body and discarded,
 * counted, never dropped silently. The newest is always kept, so one body larger than the byte budget still shows.
 */
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /** A dead letter and the delivery that replays it. */
    public record Entry(DeadLetter letter, Delivery delivery) {
    }

    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final int capacity;
    private final long capacityBytes;
    private final Consumer<Delivery> onDiscard;
    private final Consumer<String> onEvict;
    /** Body bytes of the kept dead letters; guarded by this. */
    private long bytes;

    /** What pushed a dead letter out: the count ({@code dead-letter-capacity}) or the bytes. */
    public static final String COUNT = "count";
    public static final String BYTES = "bytes";

    /**
     * @param onDiscard told of each dead letter deleted or evicted (the ledger's {@code discarded})
     * @param onEvict told, for each evicted dead letter, which bound evicted it ({@link #COUNT} or {@link #BYTES})
     */
    public DeadLetters(int capacity, long capacityBytes, Consumer<Delivery> onDiscard, Consumer<String> onEvict) {
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
        this.onDiscard = onDiscard;
        this.onEvict = onEvict;
    }

    public void add(Delivery delivery, int attempts, String lastError) {
        List<Entry> evicted = new ArrayList<>();
        List<String> why = new ArrayList<>();
        synchronized (this) {
            long id = nextId.getAndIncrement();
            JsonNode body = PayloadCodec.read(delivery.body(), JsonNode.class);
            entries.put(id, new Entry(new DeadLetter(id, delivery.type().key(), targetOf(delivery),
                    delivery.operationID(), body,
                    attempts, lastError, Instant.now()), delivery));
            bytes += delivery.body().length;
            Iterator<Entry> oldest = entries.values().iterator();
            while (entries.size() > capacity || (bytes > capacityBytes && entries.size() > 1)) {
                why.add(entries.size() > capacity ? COUNT : BYTES);
                Entry entry = oldest.next();
                oldest.remove();
                bytes -= entry.delivery().body().length;
                evicted.add(entry);
            }
        }
        for (int i = 0; i < evicted.size(); i++) {
            Entry entry = evicted.get(i);
            onDiscard.accept(entry.delivery());
            onEvict.accept(why.get(i));
            LOG.errorf("dead letters full (%s: %d dead letters, %d body bytes): discarded %s operationID=%s body %s",
                    why.get(i), capacity, capacityBytes, entry.letter().key(), entry.letter().operationID(),
                    text(entry.delivery()));
        }
    }

    /** The dead letters, oldest first, at most {@code limit}. */
    public synchronized List<DeadLetter> list(int limit) {
        return entries.values().stream().limit(limit).map(Entry::letter).toList();
    }

    public synchronized Optional<Entry> remove(long id) {
        Entry removed = entries.remove(id);
        if (removed != null) {
            bytes -= removed.delivery().body().length;
        }
        return Optional.ofNullable(removed);
    }

    public synchronized List<Entry> removeAll() {
        List<Entry> all = new ArrayList<>(entries.values());
        entries.clear();
        bytes = 0;
        return all;
    }

    /** Deletes one dead letter for good; counted as discarded. */
    public boolean delete(long id) {
        Optional<Entry> deleted = remove(id);
        deleted.ifPresent(entry -> onDiscard.accept(entry.delivery()));
        return deleted.isPresent();
    }

    /** Deletes every dead letter for good; counted as discarded. */
    public int deleteAll() {
        List<Entry> deleted = removeAll();
        deleted.forEach(entry -> onDiscard.accept(entry.delivery()));
        return deleted.size();
    }

    public synchronized int size() {
        return entries.size();
    }

    /** The body bytes the dead letters hold together. */
    public synchronized long bytes() {
        return bytes;
    }

    /** The target a dead letter names: {@code default} for an event of a key that names no targets. */
    public static String targetOf(Delivery delivery) {
        return delivery.target() == null ? io.imhook.config.DeliveryTarget.DEFAULT : delivery.target();
    }

    static String text(Delivery delivery) {
        return LoggedBody.of(delivery.body());
    }
}

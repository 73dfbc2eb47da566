package io.imhook.dispatch.after.memory;

import java.util.List;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import io.imhook.dispatch.DispatchConfig;
import io.imhook.dispatch.after.AfterQueueBackend;
import io.imhook.dispatch.after.AfterQueueFullException;
import io.imhook.dispatch.after.DeadLetter;
import io.imhook.dispatch.after.DeadLetters;
import io.imhook.dispatch.after.Delivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * The embedded backend: accepted events and dead letters live in this process's memory, bounded by
 * {@code capacity} and {@code capacity-bytes} (pending events: past either an offer is refused, 503) and by
 * {@code dead-letter-capacity} and {@code dead-letter-capacity-bytes} (past either the oldest dead letters are
 * evicted, counted); a crash loses them. Needs nothing else to run.
 */
@Singleton
@Typed(MemoryBackend.class)
public class MemoryBackend implements AfterQueueBackend {

    static final String EVICTED_METRIC = "imhook.after.queue.dead.letters.evicted";

    private final int deadLetterCapacity;
    private final long deadLetterCapacityBytes;
    private final ByteBudget pendingBytes;
    private final MeterRegistry registry;
    private volatile Intake intake;
    private volatile DeadLetters deadLetters;

    public MemoryBackend(DispatchConfig config, MeterRegistry registry) {
        this.deadLetterCapacity = config.afterQueue().deadLetterCapacity();
        this.deadLetterCapacityBytes = config.afterQueue().deadLetterCapacityBytes().asLongValue();
        this.pendingBytes = new ByteBudget(config.afterQueue().capacityBytes().asLongValue());
        this.registry = registry;
    }

    @Override
    public void start(Intake intake) {
        this.intake = intake;
        this.deadLetters = new DeadLetters(deadLetterCapacity, deadLetterCapacityBytes, intake::discarded,
                limit -> Counter.builder(EVICTED_METRIC)
                        .description("Dead letters discarded to stay within dead-letter-capacity (limit=count) or "
                                + "dead-letter-capacity-bytes (limit=bytes)")
                        .tag("limit", limit).register(registry).increment());
        Gauge.builder("imhook.after.queue.pending.bytes", pendingBytes, ByteBudget::used)
                .description("Body bytes of the accepted after-callbacks not yet delivered or dead-lettered (memory "
                        + "backend; at most capacity-bytes)")
                .baseUnit("bytes").register(registry);
        Gauge.builder("imhook.after.queue.dead.letters.bytes", this, backend -> backend.deadLetters.bytes())
                .description("Body bytes the dead letters hold (memory backend; at most dead-letter-capacity-bytes)")
                .baseUnit("bytes").register(registry);
    }

    /**
     * Queues the event when its body fits in {@code capacity-bytes} besides the pending ones and the count allows;
     * refused with {@link AfterQueueFullException} otherwise, as a full queue is.
     */
    @Override
    public Uni<Void> store(Delivery delivery) {
        return Uni.createFrom().item(() -> {
            admit(delivery);
            return null;
        });
    }

    /**
     * Takes the event's bytes, then hands it to the queue with itself as the token, so that {@link #finished} gives
     * them back.
     */
    private void admit(Delivery delivery) {
        if (!pendingBytes.take(delivery.body().length)) {
            throw new AfterQueueFullException(delivery.type().key(), "queue full: the pending after-callbacks hold "
                    + pendingBytes.used() + " of " + pendingBytes.capacity() + " body bytes");
        }
        try {
            intake.admit(delivery, delivery, true);
        } catch (RuntimeException refused) {
            pendingBytes.release(delivery.body().length);
            throw refused;
        }
    }

    @Override
    public void finished(Object token) {
        if (token instanceof Delivery delivery) {
            pendingBytes.release(delivery.body().length);
        }
    }

    @Override
    public Uni<Void> deadLetter(Delivery delivery, int attempts, String lastError) {
        deadLetters.add(delivery, attempts, lastError);
        return Uni.createFrom().voidItem();
    }

    @Override
    public List<DeadLetter> deadLetters(int limit) {
        return deadLetters.list(limit);
    }

    @Override
    public boolean replay(long id) {
        return deadLetters.remove(id).map(entry -> requeue(entry.delivery())).orElse(false);
    }

    @Override
    public int replayAll() {
        return (int) deadLetters.removeAll().stream().filter(entry -> requeue(entry.delivery())).count();
    }

    private boolean requeue(Delivery delivery) {
        if (pendingBytes.take(delivery.body().length)) {
            if (intake.readmit(delivery, delivery)) {
                return true;
            }
            pendingBytes.release(delivery.body().length);
        }
        // not counted out of the dead letters, so back in without a count
        deadLetters.add(delivery, 0, "replay refused: the queue is full");
        return false;
    }

    @Override
    public boolean delete(long id) {
        return deadLetters.delete(id);
    }

    @Override
    public int deleteAll() {
        return deadLetters.deleteAll();
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void stopIntake() {
        // events are only taken through store(), which the queue refuses while shutting down
    }

    @Override
    public void close() {
        // nothing to release
    }
}

package io.imhook.dispatch.after.memory;

import java.util.List;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import io.imhook.dispatch.DispatchConfig;
import io.imhook.dispatch.after.AfterQueueBackend;
import io.imhook.dispatch.after.DeadLetter;
import io.imhook.dispatch.after.DeadLetters;
import io.imhook.dispatch.after.Delivery;
import io.smallrye.mutiny.Uni;

/**
 * The embedded backend: accepted events and dead letters live in this process's memory, bounded by
 * {@code capacity} and {@code dead-letter-capacity}; a crash loses them. Needs nothing else to run.
 */
@Singleton
@Typed(MemoryBackend.class)
public class MemoryBackend implements AfterQueueBackend {

    private final int deadLetterCapacity;
    private volatile Intake intake;
    private volatile DeadLetters deadLetters;

    public MemoryBackend(DispatchConfig config) {
        this.deadLetterCapacity = config.afterQueue().deadLetterCapacity();
    }

    @Override
    public void start(Intake intake) {
        this.intake = intake;
        this.deadLetters = new DeadLetters(deadLetterCapacity, intake::discarded);
    }

    @Override
    public Uni<Void> store(Delivery delivery) {
        return Uni.createFrom().item(() -> {
            intake.admit(delivery, null, true);
            return null;
        });
    }

    @Override
    public void finished(Object token) {
        // nothing kept beyond the queue itself
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
        if (intake.readmit(delivery)) {
            return true;
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

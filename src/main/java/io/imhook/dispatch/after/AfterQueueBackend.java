package io.imhook.dispatch.after;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Where after-callbacks wait: a backend stores accepted events and hands them to the {@link AfterQueue}, and keeps
 * the dead letters. It delivers nothing, retries nothing and counts nothing; the queue does that the same way for
 * every backend. Chosen at run time by {@code imhook.dispatch.after-queue.backend}.
 */
public interface AfterQueueBackend {

    /** What a backend hands events to; implemented by the {@link AfterQueue}. */
    interface Intake {

        /**
         * Takes one event for delivery to each of its targets ({@link Delivery#target()} null), or to its one target.
         * {@code token} comes back in {@link #finished(Object)} once, when every target's delivery ended. When
         * {@code bounded}, an event past the queue's capacity (or during shutdown) is refused with
         * {@link AfterQueueFullException}; otherwise it is always taken.
         */
        void admit(Delivery delivery, Object token, boolean bounded);

        /**
         * Takes a replayed dead letter back (memory backend); false when there is no room. {@code token} comes back
         * in {@link #finished(Object)}.
         */
        boolean readmit(Delivery delivery, Object token);

        /** The dead letter of {@code delivery} was deleted or evicted: counted as discarded, for its target. */
        void discarded(Delivery delivery);

        /** Events taken and not finished yet. */
        long pending();
    }

    /** Starts handing events to {@code intake}. Nothing may reach a broker before this. */
    void start(Intake intake);

    /**
     * Stores one accepted event. The Uni completes once the event is kept (memory: queued; Kafka: acknowledged by
     * the broker), and fails with {@link AfterQueueFullException} or {@link AfterQueueUnavailableException}.
     */
    Uni<Void> store(Delivery delivery);

    /** The event handed out with {@code token} was delivered or dead-lettered: it need not be kept any more. */
    void finished(Object token);

    /** Keeps a given-up event as a dead letter; the Uni completes once it is kept. */
    Uni<Void> deadLetter(Delivery delivery, int attempts, String lastError);

    /** The dead letters, oldest first, at most {@code limit}. */
    List<DeadLetter> deadLetters(int limit);

    /** Puts one dead letter back for delivery; false when there is none with that id, or no room. */
    boolean replay(long id);

    /** Puts every dead letter back; gives how many went back. */
    int replayAll();

    /** Deletes one dead letter for good. */
    boolean delete(long id);

    /** Deletes every dead letter for good; gives how many. */
    int deleteAll();

    /**
     * Whether what is left at shutdown stays kept (Kafka: in the topic, for the next replica) rather than lost with
     * the process (memory).
     */
    boolean durable();

    /** Stops handing out events (shutdown); events already handed out may still finish. */
    void stopIntake();

    /** Releases what the backend holds, after {@link #stopIntake()} and the drain. */
    void close();
}

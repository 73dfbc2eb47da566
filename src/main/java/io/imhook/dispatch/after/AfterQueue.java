package io.imhook.dispatch.after;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.imhook.config.DeliveryTarget;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksSnapshot;
import io.imhook.dispatch.DispatchConfig;
import io.imhook.dispatch.DispatchMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The after-callback queue: takes events from the dispatcher into its {@link AfterQueueBackend} (memory or Kafka),
 * and delivers what the backend hands out to each of the event's targets ({@link DeliveryTarget}), with a fixed
 * number of workers per target, one {@link DeliveryStep} at a time.
 * <p>
 * Each (event, target) pair is delivered on its own: a target that is down or slow holds up its own workers and
 * conversations only, never another target's. Events of one {@link Conversation} reach a target in order (unless
 * its {@code ordering} is {@code none}): only the oldest of a conversation is ever in flight to it, and a retried
 * event blocks its own conversation at that target only. A retry gives its worker back at once: the event waits as
 * data, with a timer for its next attempt, so a business server answering {@code 503 Retry-After: 60} cannot starve
 * the other callbacks. A worker is an asynchronous step, not a thread; no thread waits on the business server.
 * <p>
 * Every count moves under one lock, so {@code accepted = delivered + deadLettered + discarded + pending} holds at
 * every read, and the shutdown drain waits on the same lock and cannot miss its wake-up.
 */
@Singleton
public class AfterQueue implements AfterQueueBackend.Intake {

    private static final Logger LOG = Logger.getLogger(AfterQueue.class);
    /** How long a dead letter the store could not take waits before it is offered again. */
    private static final long DEAD_LETTER_RETRY_MILLIS = 1000;

    /**
     * The backend's token of one event fanned out to several targets, handed back once every target's delivery of
     * it ended. Under the lock. An event with one target keeps the backend's token itself: a held event costs no
     * more than it did before fan-out.
     */
    private static final class Handed {
        final Object token;
        int unfinished;

        Handed(Object token, int unfinished) {
            this.token = token;
            this.unfinished = unfinished;
        }
    }

    /** One event's delivery to one target, with its retry state. */
    private static final class Event {
        final Delivery delivery;
        final String lane;
        /** The backend's token, or a {@link Handed} that holds it when the event has several targets. */
        final Object token;
        final RetrySchedule schedule;
        int attempts;
        long firstAttemptNanos;
        /** An attempt was sent and has not ended: the business server may have the event. Under the lock. */
        boolean sending;
        /** Set when the event was given up but the dead-letter store did not take it yet. */
        String deadLetterError;

        /** {@link #sending} when the shutdown grace ended: read after the lock, so kept apart. */
        boolean sentAtEnd;

        void endOfGrace() {
            sentAtEnd = sending;
        }

        Event(Delivery delivery, String lane, Object token, RetrySchedule schedule) {
            this.delivery = delivery;
            this.lane = lane;
            this.token = token;
            this.schedule = schedule;
        }
    }

    /**
     * The events of one conversation at one target, oldest first; only the head is ever in flight or waiting for a
     * retry.
     */
    private static final class Lane {
        final String key;
        final Target target;
        final ArrayDeque<Event> events = new ArrayDeque<>();
        /** The head is in flight or waits for its next attempt. */
        boolean busy;

        Lane(String key, Target target) {
            this.key = key;
            this.target = target;
        }
    }

    /** One target's own workers, its conversations ready to go, and its counts. Under the lock. */
    private static final class Target {
        final String name;
        final ArrayDeque<Lane> ready = new ArrayDeque<>();
        int inFlight;
        long accepted;
        long delivered;
        long deadLettered;
        long discarded;
        long pending;

        Target(String name) {
            this.name = name;
        }

        TargetLedger ledger() {
            return new TargetLedger(accepted, delivered, deadLettered, discarded, pending,
                    accepted == delivered + deadLettered + discarded + pending);
        }
    }

    private final AfterQueueBackend backend;
    private final DeliveryStep step;
    private final WebhookSettings settings;
    private final DispatchMetrics metrics;
    private final Vertx vertx;
    private final int capacity;
    private final int workers;
    private final Duration shutdownGrace;

    // guarded by this
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private int inFlight;
    private long accepted;
    private long deliveries;
    private long delivered;
    private long deadLettered;
    private long discarded;
    private long pending;
    private boolean accepting = true;
    private boolean draining;
    /**
     * The shutdown grace is over: no delivery starts any more. Without it, an attempt that failed as the HTTP client
     * closed freed its worker for the next event, which was sent after it had been logged as undelivered.
     */
    private boolean graceOver;

    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public AfterQueue(DispatchConfig config, AfterQueueBackend backend, DeliveryStep step, WebhookSettings settings,
            DispatchMetrics metrics, Vertx vertx) {
        this.backend = backend;
        this.step = step;
        this.settings = settings;
        this.metrics = metrics;
        this.vertx = vertx;
        this.capacity = config.afterQueue().capacity();
        this.workers = config.afterQueue().workers();
        this.shutdownGrace = config.afterQueue().shutdownGrace();
        MeterRegistry registry = metrics.registry();
        Gauge.builder("imhook.after.queue.depth", this, AfterQueue::waiting)
                .description("After-callbacks waiting for a delivery worker or for their next attempt")
                .register(registry);
        Gauge.builder("imhook.after.queue.pending", this, queue -> queue.ledger().pending())
                .description("After-callbacks accepted and not yet delivered or dead-lettered").register(registry);
        Gauge.builder("imhook.after.queue.refused", refused, AtomicLong::get)
                .description("After-callbacks refused because the queue was full, unavailable or shutting down")
                .register(registry);
        Gauge.builder("imhook.after.queue.accepted", this, queue -> queue.ledger().accepted())
                .description("After-callbacks accepted for delivery").register(registry);
        Gauge.builder("imhook.after.queue.discarded", this, queue -> queue.ledger().discarded())
                .description("Dead letters deleted or evicted").register(registry);
        Gauge.builder("imhook.after.queue.delivered", this, queue -> queue.ledger().delivered())
                .description("After-callbacks delivered").register(registry);
        Gauge.builder("imhook.after.queue.failed.attempts", failedAttempts, AtomicLong::get)
                .description("Failed delivery attempts, retried or not").register(registry);
        Gauge.builder("imhook.after.queue.dead.letters", this, queue -> queue.ledger().deadLettered())
                .description("After-callbacks given up and kept as dead letters").register(registry);
    }

    void start(@Observes StartupEvent event) {
        backend.start(this);
    }

    /**
     * Accepts an event for delivery. The Uni completes once the backend keeps it, and fails with
     * {@link AfterQueueFullException} (full or shutting down) or {@link AfterQueueUnavailableException} (the store
     * did not take it in time). Never blocks the caller's thread.
     */
    public Uni<Void> offer(Delivery delivery) {
        synchronized (this) {
            if (!accepting) {
                return Uni.createFrom().failure(
                        refuse(delivery, new AfterQueueFullException(delivery.type().key(), "shutting down")));
            }
        }
        return backend.store(delivery).onFailure().invoke(failure -> {
            refused.incrementAndGet();
            log(Logger.Level.WARN, delivery, "after-callback %s operationID=%s refused: %s", failure.getMessage());
        });
    }

    private RuntimeException refuse(Delivery delivery, RuntimeException why) {
        refused.incrementAndGet();
        log(Logger.Level.WARN, delivery, "after-callback %s operationID=%s refused: %s", why.getMessage());
        return why;
    }

    @Override
    public void admit(Delivery delivery, Object token, boolean bounded) {
        List<Event> events = perTarget(delivery, token);
        synchronized (this) {
            if (bounded && !accepting) {
                throw new AfterQueueFullException(delivery.type().key(), "shutting down");
            }
            if (bounded && pending - inFlight + events.size() > capacity) {
                throw new AfterQueueFullException(delivery.type().key(), "queue full");
            }
            accepted++;
            events.forEach(event -> {
                Target target = target(event.delivery);
                deliveries++;
                target.accepted++;
                pending++;
                target.pending++;
                enqueue(event, target);
            });
        }
        pump();
    }

    /**
     * The deliveries of one event taken: one per target of its key in the {@code webhooks.yml} in force, or the
     * one its {@link Delivery#target()} names (a replayed dead letter), each in the lane its target's ordering
     * puts it in.
     */
    private List<Event> perTarget(Delivery delivery, Object token) {
        WebhooksSnapshot snapshot = settings.current();
        List<Event> events = new ArrayList<>();
        if (delivery.target() != null) {
            boolean inOrder = snapshot.target(delivery.type(), delivery.target())
                    .map(DeliveryTarget::inConversationOrder).orElse(true);
            events.add(new Event(delivery, lane(delivery, inOrder), token, step.schedule()));
            return events;
        }
        List<DeliveryTarget> targets = snapshot.targets(delivery.type());
        boolean named = snapshot.namesTargets(delivery.type());
        Object handed = targets.size() == 1 ? token : new Handed(token, targets.size());
        for (DeliveryTarget target : targets) {
            Delivery toTarget = delivery.to(target, named);
            events.add(new Event(toTarget, lane(toTarget, target.inConversationOrder()), handed, step.schedule()));
        }
        return events;
    }

    /** The lane of a delivery: its conversation at its target, or a lane of its own under {@code ordering: none}. */
    private static String lane(Delivery delivery, boolean inConversationOrder) {
        if (DeliveryTarget.DEFAULT.equals(delivery.target()) && inConversationOrder) {
            // the one target of a key without targets: its conversation is the lane, no string made per event
            return delivery.conversation();
        }
        return delivery.target() + "|" + (inConversationOrder ? delivery.conversation() : "event:" + delivery.id());
    }

    @Override
    public boolean readmit(Delivery delivery, Object token) {
        List<Event> events = perTarget(delivery, token);
        synchronized (this) {
            if (!accepting || pending - inFlight >= capacity) {
                return false;
            }
            Event event = events.get(0);
            Target target = target(event.delivery);
            deadLettered--;
            target.deadLettered--;
            pending++;
            target.pending++;
            enqueue(event, target);
        }
        pump();
        return true;
    }

    @Override
    public synchronized void discarded(Delivery delivery) {
        Target target = target(delivery);
        deadLettered--;
        target.deadLettered--;
        discarded++;
        target.discarded++;
    }

    /** Under the lock: the state of a delivery's target, made on its first event. */
    private Target target(Delivery delivery) {
        return targets.computeIfAbsent(DeadLetters.targetOf(delivery), Target::new);
    }

    @Override
    public synchronized long pending() {
        return pending;
    }

    private synchronized long waiting() {
        return pending - inFlight;
    }

    /** Under the lock: appends to the event's lane, which becomes ready when it was idle. */
    private void enqueue(Event event, Target target) {
        Lane lane = lanes.computeIfAbsent(event.lane, key -> new Lane(key, target));
        lane.events.addLast(event);
        if (!lane.busy && lane.events.size() == 1) {
            target.ready.addLast(lane);
        }
    }

    /**
     * Starts as many deliveries as there are ready conversations and free workers of their targets, a target at a
     * time in turn, so that no target's backlog goes first.
     */
    private void pump() {
        List<Event> starting = new ArrayList<>();
        synchronized (this) {
            boolean started = !(draining && backend.durable()) && !graceOver;
            while (started) {
                started = false;
                for (Target target : targets.values()) {
                    if (target.inFlight < workers && !target.ready.isEmpty()) {
                        Lane lane = target.ready.pollFirst();
                        lane.busy = true;
                        target.inFlight++;
                        inFlight++;
                        Event head = lane.events.peekFirst();
                        head.sending = true;
                        starting.add(head);
                        started = true;
                    }
                }
            }
        }
        starting.forEach(this::attempt);
    }

    private void attempt(Event event) {
        if (event.deadLetterError != null) {
            deadLetter(event, event.deadLetterError);
            return;
        }
        event.attempts++;
        if (event.attempts == 1) {
            event.firstAttemptNanos = System.nanoTime();
        }
        step.attempt(event.delivery, event.attempts, event.schedule).subscribe().with(
                result -> finished(event, result),
                failure -> finished(event, new DeliveryStep.GiveUp("unexpected: " + failure)));
    }

    private void finished(Event event, DeliveryStep.Result result) {
        synchronized (this) {
            event.sending = false;
        }
        metrics.delivery(event.delivery.type().key(), DeadLetters.targetOf(event.delivery), outcome(result));
        if (result instanceof DeliveryStep.Delivered) {
            metrics.roundTrip(event.delivery.type().key(), "delivered", event.delivery.ingress(), sinceFirstAttempt(event));
            complete(event, true);
            return;
        }
        failedAttempts.incrementAndGet();
        if (result instanceof DeliveryStep.RetryLater retry) {
            log(Logger.Level.WARN, event.delivery, "after-callback %s operationID=%s attempt %d failed: %s",
                    event.attempts, retry.error());
            waitThenResume(event, retry.delayMillis());
        } else if (result instanceof DeliveryStep.GiveUp giveUp) {
            log(Logger.Level.WARN, event.delivery, "after-callback %s operationID=%s attempt %d failed: %s",
                    event.attempts, giveUp.error());
            metrics.roundTrip(event.delivery.type().key(), "deadLettered", event.delivery.ingress(),
                    sinceFirstAttempt(event));
            deadLetter(event, giveUp.error());
        }
    }

    private static String outcome(DeliveryStep.Result result) {
        if (result instanceof DeliveryStep.Delivered) {
            return "delivered";
        }
        return result instanceof DeliveryStep.RetryLater ? "retried" : "deadLettered";
    }

    private static Duration sinceFirstAttempt(Event event) {
        return Duration.ofNanos(System.nanoTime() - event.firstAttemptNanos);
    }

    private void deadLetter(Event event, String error) {
        backend.deadLetter(event.delivery, event.attempts, error).subscribe().with(
                stored -> {
                    log(Logger.Level.ERROR, event.delivery,
                            "after-callback %s operationID=%s dead-lettered after %d attempts: %s", event.attempts,
                            error);
                    complete(event, false);
                },
                failure -> {
                    log(Logger.Level.ERROR, event.delivery,
                            "after-callback %s operationID=%s given up, but the dead letters did not take it (%s);"
                                    + " offered again in %d ms", failure.getMessage(), DEAD_LETTER_RETRY_MILLIS);
                    event.deadLetterError = error;
                    waitThenResume(event, DEAD_LETTER_RETRY_MILLIS);
                });
    }

    /** The worker is free at once; the conversation stays blocked until the timer puts it back in line. */
    private void waitThenResume(Event event, long delayMillis) {
        synchronized (this) {
            lanes.get(event.lane).target.inFlight--;
            inFlight--;
            notifyAll();
        }
        vertx.setTimer(Math.max(1, delayMillis), timer -> {
            synchronized (this) {
                Lane lane = lanes.get(event.lane);
                lane.busy = false;
                lane.target.ready.addLast(lane);
            }
            pump();
        });
        pump();
    }

    private void complete(Event event, boolean ok) {
        boolean eventFinished;
        synchronized (this) {
            Lane lane = lanes.get(event.lane);
            Target target = lane.target;
            lane.events.pollFirst();
            lane.busy = false;
            if (lane.events.isEmpty()) {
                lanes.remove(lane.key);
            } else {
                target.ready.addLast(lane);
            }
            target.inFlight--;
            inFlight--;
            pending--;
            target.pending--;
            if (ok) {
                delivered++;
                target.delivered++;
            } else {
                deadLettered++;
                target.deadLettered++;
            }
            eventFinished = !(event.token instanceof Handed handed) || --handed.unfinished == 0;
            notifyAll();
        }
        if (eventFinished) {
            backend.finished(event.token instanceof Handed handed ? handed.token : event.token);
        }
        pump();
    }

    /** The dead letters, oldest first, at most {@code limit}. */
    public List<DeadLetter> deadLetters(int limit) {
        return backend.deadLetters(limit);
    }

    /** Puts one dead letter back for delivery; false when there is no such dead letter or no room. */
    public boolean replay(long deadLetterId) {
        return backend.replay(deadLetterId);
    }

    /** Puts every dead letter back for delivery; gives how many went back. */
    public int replayAll() {
        return backend.replayAll();
    }

    /** Deletes one dead letter for good; counted as discarded. */
    public boolean delete(long deadLetterId) {
        return backend.delete(deadLetterId);
    }

    /** Deletes every dead letter for good; counted as discarded. */
    public int deleteAll() {
        return backend.deleteAll();
    }

    /** Counts of what the queue has seen so far, read at one instant. */
    public synchronized Ledger ledger() {
        Map<String, TargetLedger> byTarget = new LinkedHashMap<>();
        targets.values().forEach(target -> byTarget.put(target.name, target.ledger()));
        return Ledger.of(accepted, deliveries, delivered, deadLettered, discarded, pending, failedAttempts.get(),
                refused.get(), capacity, byTarget);
    }

    /**
     * On SIGTERM: stop taking events and give the pending ones the grace period. The memory backend loses what is
     * left, so it waits for everything and logs what is left with the bodies; the Kafka backend keeps what is left
     * in the topic for the next replica, so it only lets the deliveries in flight finish, then commits. This runs
     * in Quarkus's shutdown-delay phase, while the HTTP client still works; by {@code ShutdownEvent} Vert.x is
     * already closing.
     */
    void drainOnShutdown(@Observes ShutdownDelayInitiatedEvent event) throws InterruptedException {
        boolean durable = backend.durable();
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        List<Event> left = new ArrayList<>();
        synchronized (this) {
            accepting = false;
            draining = true;
        }
        backend.stopIntake();
        synchronized (this) {
            LOG.infof("shutdown: draining %d pending after-callbacks for up to %d s", pending,
                    shutdownGrace.toSeconds());
            while ((durable ? inFlight : pending) > 0 && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            graceOver = true;
            lanes.values().forEach(lane -> left.addAll(lane.events));
            left.forEach(Event::endOfGrace);
        }
        if (durable) {
            LOG.infof("shutdown: %d after-callbacks stay in the backend for the next replica", left.size());
            // the next replica sends them again with the same webhook-id, which is how a receiver drops the copy
            left.stream().filter(held -> held.sentAtEnd).forEach(held -> log(Logger.Level.WARN, held.delivery,
                    "shutdown: after-callback %s operationID=%s webhook-id=%s in flight at the end of the shutdown "
                            + "grace, may have been delivered (attempt %d); it stays in the topic and the next "
                            + "replica sends it again with the same webhook-id", held.delivery.id(),
                    held.attempts));
        } else {
            for (Event held : left) {
                if (held.sentAtEnd) {
                    log(Logger.Level.WARN, held.delivery, "shutdown: after-callback %s operationID=%s webhook-id=%s "
                            + "in flight at the end of the shutdown grace, may have been delivered (attempt %d) "
                            + "body %s", held.delivery.id(), held.attempts, DeadLetters.text(held.delivery));
                } else {
                    log(Logger.Level.ERROR, held.delivery, "shutdown: undelivered after-callback %s operationID=%s "
                            + "webhook-id=%s %s body %s", held.delivery.id(), held.attempts == 0
                                    ? "never attempted"
                                    : "after " + held.attempts + " failed attempt(s)",
                            DeadLetters.text(held.delivery));
                }
            }
            for (DeadLetter letter : backend.deadLetters(Integer.MAX_VALUE)) {
                LOG.errorf("shutdown: dead letter %s operationID=%s attempts=%d lastError=%s body %s", letter.key(),
                        letter.operationID(), letter.attempts(), letter.lastError(),
                        io.imhook.logging.LoggedBody.of(io.imhook.callback.PayloadCodec.write(letter.body())));
            }
        }
        backend.close();
        LOG.infof("shutdown: after-queue %s", ledger());
    }

    /**
     * Logs a line about one event, with its key and operationID first, and operationID in the MDC too, with the
     * trace id of the dispatch that queued it (the line runs outside that request's context).
     */
    static void log(Logger.Level level, Delivery delivery, String format, Object... details) {
        Object[] args = new Object[details.length + 2];
        args[0] = delivery.type().key();
        args[1] = delivery.operationID();
        System.arraycopy(details, 0, args, 2, details.length);
        Object traceIdBefore = MDC.get("traceId");
        String[] traceparent = delivery.traceparent() == null ? new String[0] : delivery.traceparent().split("-");
        MDC.put("operationID", delivery.operationID());
        if (traceparent.length == 4) {
            MDC.put("traceId", traceparent[1]);
        }
        try {
            LOG.logf(level, format, args);
        } finally {
            MDC.remove("operationID");
            if (traceIdBefore != null) {
                MDC.put("traceId", traceIdBefore);
            } else if (traceparent.length == 4) {
                MDC.remove("traceId");
            }
        }
    }

    /**
     * What the queue accepted and what became of it: {@code deliveries = delivered + deadLettered + discarded +
     * pending}, in all and for each target. An event is accepted once and delivered to each target of its key, so
     * {@code deliveries} is {@code accepted} times the targets (the same as {@code accepted} for keys without
     * {@code targets:}). With the Kafka backend the counts are this replica's: what it took from the topic.
     *
     * @param accepted events accepted, each counted once
     * @param deliveries (event, target) pairs those events made, and replayed dead letters
     * @param failed failed delivery attempts, retried or not
     * @param refused events not accepted (queue full, store unavailable, or shutting down)
     * @param balances whether the equation holds, in all and for every target (it always does: every count moves
     *        under one lock)
     * @param targets the same counts for each target by name ({@code default}: the url of a key without
     *        {@code targets:}), across the keys that name it
     */
    public record Ledger(long accepted, long deliveries, long delivered, long deadLettered, long discarded,
            long pending, long failed, long refused, int capacity, boolean balances,
            Map<String, TargetLedger> targets) {

        static Ledger of(long accepted, long deliveries, long delivered, long deadLettered, long discarded,
                long pending, long failed, long refused, int capacity, Map<String, TargetLedger> targets) {
            return new Ledger(accepted, deliveries, delivered, deadLettered, discarded, pending, failed, refused,
                    capacity, deliveries == delivered + deadLettered + discarded + pending
                            && targets.values().stream().allMatch(TargetLedger::balances),
                    java.util.Collections.unmodifiableMap(targets));
        }
    }

    /**
     * One target's deliveries: {@code accepted = delivered + deadLettered + discarded + pending}.
     *
     * @param accepted deliveries to this target taken (one per event of a key that names it, and replays)
     */
    public record TargetLedger(long accepted, long delivered, long deadLettered, long discarded, long pending,
            boolean balances) {
    }
}

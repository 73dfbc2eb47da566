package io.imhook.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;

/**
 * The bounded in-memory queue of after-callbacks. Offering never blocks: a full queue refuses the event. A fixed
 * number of workers deliver events concurrently, each retried on the configured schedule; a worker is an
 * asynchronous loop, not a thread, so no thread ever waits on the business server. An event whose delivery is given
 * up becomes a dead letter. Nothing leaves without being counted:
 * {@code accepted = delivered + deadLettered + discarded + pending}.
 */
@Singleton
public class AfterQueue {

    private static final Logger LOG = Logger.getLogger(AfterQueue.class);

    private final BlockingQueue<Delivery> queue;
    private final Set<Delivery> inFlight = ConcurrentHashMap.newKeySet();
    private final int capacity;
    private final int workers;
    private final Duration shutdownGrace;
    private final AtomicInteger activeWorkers = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final Object drained = new Object();
    private volatile boolean accepting = true;
    private final BusinessServerClient client;
    private final CallbackGuards guards;
    private final WebhookSettings settings;
    private final DispatchMetrics metrics;
    private final DeadLetters deadLetters;
    private final CallbackSpans spans;

    public AfterQueue(DispatchConfig config, BusinessServerClient client, CallbackGuards guards,
            WebhookSettings settings, DispatchMetrics metrics, DeadLetters deadLetters, CallbackSpans spans) {
        this.spans = spans;
        this.capacity = config.afterQueue().capacity();
        this.workers = config.afterQueue().workers();
        this.shutdownGrace = config.afterQueue().shutdownGrace();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.client = client;
        this.guards = guards;
        this.settings = settings;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        MeterRegistry registry = metrics.registry();
        Gauge.builder("imhook.after.queue.depth", queue, BlockingQueue::size)
                .description("After-callbacks waiting for a delivery worker").register(registry);
        Gauge.builder("imhook.after.queue.pending", pending, AtomicLong::get)
                .description("After-callbacks accepted and not yet delivered or dead-lettered").register(registry);
        Gauge.builder("imhook.after.queue.refused", refused, AtomicLong::get)
                .description("After-callbacks refused because the queue was full or shutting down")
                .register(registry);
        Gauge.builder("imhook.after.queue.accepted", accepted, AtomicLong::get)
                .description("After-callbacks accepted for delivery").register(registry);
        Gauge.builder("imhook.after.queue.discarded", deadLetters, DeadLetters::discarded)
                .description("Dead letters deleted or evicted").register(registry);
        Gauge.builder("imhook.after.queue.delivered", delivered, AtomicLong::get)
                .description("After-callbacks delivered").register(registry);
        Gauge.builder("imhook.after.queue.failed.attempts", failedAttempts, AtomicLong::get)
                .description("Failed delivery attempts, retried or not").register(registry);
        Gauge.builder("imhook.after.queue.dead.letters", deadLetters, DeadLetters::size)
                .description("After-callbacks given up and kept as dead letters").register(registry);
    }

    /** Accepts an event for delivery, or throws when the queue is full or shutting down. Never blocks. */
    void offer(Delivery delivery) {
        if (!accepting) {
            refuse(delivery, "shutting down");
        }
        if (!queue.offer(delivery)) {
            refuse(delivery, "queue full");
        }
        accepted.incrementAndGet();
        pending.incrementAndGet();
        startWorkerIfIdle();
    }

    private void refuse(Delivery delivery, String why) {
        refused.incrementAndGet();
        log(Logger.Level.WARN, delivery, "after-callback %s operationID=%s refused: %s", why);
        throw new AfterQueueFullException(delivery.type().key(), why);
    }

    /** Puts one dead letter back in the queue; false when there is no such dead letter or no room. */
    public boolean replay(long deadLetterId) {
        return deadLetters.remove(deadLetterId).map(entry -> requeue(entry.delivery())).orElse(false);
    }

    /** Puts every dead letter back in the queue; gives how many went back. */
    public int replayAll() {
        List<DeadLetters.Entry> all = deadLetters.removeAll();
        return (int) all.stream().filter(entry -> requeue(entry.delivery())).count();
    }

    private boolean requeue(Delivery delivery) {
        if (!queue.offer(delivery)) {
            deadLetters.add(delivery, 0, "replay refused: the queue is full");
            return false;
        }
        pending.incrementAndGet();
        startWorkerIfIdle();
        return true;
    }

    /** Counts of what the queue has seen so far. */
    public Ledger ledger() {
        return Ledger.of(accepted.get(), delivered.get(), deadLetters.size(), deadLetters.discarded(),
                pending.get(), failedAttempts.get(), refused.get(), capacity);
    }

    private void startWorkerIfIdle() {
        int running;
        do {
            running = activeWorkers.get();
            if (running >= workers) {
                return;
            }
        } while (!activeWorkers.compareAndSet(running, running + 1));
        deliverNext();
    }

    private void deliverNext() {
        Delivery delivery = queue.poll();
        if (delivery == null) {
            activeWorkers.decrementAndGet();
            if (!queue.isEmpty()) {
                startWorkerIfIdle();
            }
            return;
        }
        inFlight.add(delivery);
        WebhooksSnapshot snapshot = settings.current();
        Duration timeout = snapshot.of(delivery.type()).timeout();
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();
        guards.guardedDelivery(snapshot, delivery.type(), () -> attempt(delivery, attempts, timeout))
                .subscribe().with(
                        status -> finished(delivery, start, attempts.get(), null),
                        failure -> finished(delivery, start, attempts.get(), describe(failure, timeout)));
    }

    /**
     * One attempt, to the url of the {@code webhooks.yml} in force now (a reload since the event was queued moves
     * it): a 2xx answer delivers; anything else fails the attempt, and is logged and counted.
     */
    private io.smallrye.mutiny.Uni<Integer> attempt(Delivery delivery, AtomicInteger attempts, Duration timeout) {
        int attempt = attempts.incrementAndGet();
        String url = CallbackTarget.url(settings.current().url(delivery.type()), delivery.type(),
                delivery.routeKeyQuery());
        return spans.attempt(delivery.traceparent(), delivery.type(), delivery.operationID(), attempt, timeout,
                span -> client.post(url, delivery.operationID(), delivery.body(), timeout, spans.headers(span))
                        .map(response -> {
                            int status = response.statusCode();
                            CallbackSpans.status(span, status);
                            if (status < 200 || status > 299) {
                                throw DeliveryFailure.ofStatus(status, response.getHeader("Retry-After"));
                            }
                            return status;
                        }))
                .onFailure().invoke(failure -> {
                    failedAttempts.incrementAndGet();
                    log(Logger.Level.WARN, delivery, "after-callback %s operationID=%s attempt %d failed: %s",
                            attempts.get(), describe(failure, timeout));
                });
    }

    private void finished(Delivery delivery, long start, int attempts, String error) {
        boolean ok = error == null;
        metrics.roundTrip(delivery.type().key(), ok ? "delivered" : "deadLettered", delivery.ingress(),
                Duration.ofNanos(System.nanoTime() - start));
        if (ok) {
            delivered.incrementAndGet();
        } else {
            deadLetters.add(delivery, attempts, error);
            log(Logger.Level.ERROR, delivery,
                    "after-callback %s operationID=%s dead-lettered after %d attempts: %s", attempts, error);
        }
        inFlight.remove(delivery);
        if (pending.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
        deliverNext();
    }

    /**
     * Logs a line about one event, with its key and operationID first, and operationID in the MDC too, with the
     * trace id of the dispatch that queued it (the line runs outside that request's context).
     */
    private static void log(Logger.Level level, Delivery delivery, String format, Object... details) {
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

    private static String describe(Throwable failure, Duration timeout) {
        if (failure instanceof DeliveryFailure) {
            return failure.getMessage();
        }
        return CallbackGuards.asExchangeFailure(failure, timeout).getMessage();
    }

    /**
     * On SIGTERM: stop taking events, give pending ones the grace period to be delivered, then log what is left,
     * with the bodies, so that nothing is lost without a trace. This runs in Quarkus's shutdown-delay phase, while
     * the HTTP client still works; by {@code ShutdownEvent} Vert.x is already closing.
     */
    void drainOnShutdown(@Observes ShutdownDelayInitiatedEvent event) throws InterruptedException {
        accepting = false;
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        Ledger atStart = ledger();
        LOG.infof("shutdown: draining %d pending after-callbacks for up to %d s", atStart.pending(),
                shutdownGrace.toSeconds());
        synchronized (drained) {
            while (pending.get() > 0 && System.nanoTime() < deadline) {
                drained.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        List<Delivery> left = new java.util.ArrayList<>(inFlight);
        left.addAll(queue);
        for (Delivery delivery : left) {
            log(Logger.Level.ERROR, delivery, "shutdown: undelivered after-callback %s operationID=%s body=%s",
                    DeadLetters.text(delivery));
        }
        for (DeadLetter letter : deadLetters.list(Integer.MAX_VALUE)) {
            LOG.errorf("shutdown: dead letter %s operationID=%s attempts=%d lastError=%s body=%s", letter.key(),
                    letter.operationID(), letter.attempts(), letter.lastError(), letter.body());
        }
        LOG.infof("shutdown: after-queue %s", ledger());
    }

    /**
     * What the queue accepted and what became of it: {@code accepted = delivered + deadLettered + discarded +
     * pending}.
     *
     * @param failed failed delivery attempts, retried or not
     * @param refused events not accepted (queue full or shutting down)
     * @param balances whether the equation holds (it may not for a moment while events move)
     */
    public record Ledger(long accepted, long delivered, long deadLettered, long discarded, long pending, long failed,
            long refused, int capacity, boolean balances) {

        static Ledger of(long accepted, long delivered, long deadLettered, long discarded, long pending,
                long failed, long refused, int capacity) {
            return new Ledger(accepted, delivered, deadLettered, discarded, pending, failed, refused, capacity,
                    accepted == delivered + deadLettered + discarded + pending);
        }
    }
}

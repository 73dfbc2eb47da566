package io.imhook.dispatch;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.imhook.config.WebhookSettings;
import io.micrometer.core.instrument.Gauge;

/**
 * The bounded in-memory queue of after-callbacks. Offering never blocks: a full queue refuses the event. A fixed
 * number of workers deliver events concurrently; a worker is an asynchronous loop, not a thread, so no thread
 * ever waits on the business server.
 */
@Singleton
public class AfterQueue {

    private static final Logger LOG = Logger.getLogger(AfterQueue.class);

    private final BlockingQueue<Delivery> queue;
    private final int capacity;
    private final int workers;
    private final AtomicInteger activeWorkers = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final BusinessServerClient client;
    private final CallbackGuards guards;
    private final WebhookSettings settings;
    private final DispatchMetrics metrics;

    public AfterQueue(DispatchConfig config, BusinessServerClient client, CallbackGuards guards,
            WebhookSettings settings, DispatchMetrics metrics) {
        this.capacity = config.afterQueue().capacity();
        this.workers = config.afterQueue().workers();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.client = client;
        this.guards = guards;
        this.settings = settings;
        this.metrics = metrics;
        Gauge.builder("imhook.after.queue.depth", queue, BlockingQueue::size)
                .description("After-callbacks waiting for delivery").register(metrics.registry());
        Gauge.builder("imhook.after.queue.refused", refused, AtomicLong::get)
                .description("After-callbacks refused because the queue was full").register(metrics.registry());
    }

    /** Accepts an event for delivery, or throws when the queue is full. Never blocks. */
    void offer(Delivery delivery) {
        if (!queue.offer(delivery)) {
            refused.incrementAndGet();
            LOG.warnf("after-queue full: refused %s operationID=%s", delivery.type().key(), delivery.operationID());
            throw new AfterQueueFullException(delivery.type().key(), capacity);
        }
        accepted.incrementAndGet();
        startWorkerIfIdle();
    }

    /** Counts of what the queue has seen so far. */
    public Ledger ledger() {
        return new Ledger(accepted.get(), delivered.get(), failed.get(), refused.get(), queue.size());
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
        Duration timeout = settings.of(delivery.type()).timeout();
        long start = System.nanoTime();
        guards.guardedAfter(delivery.type(),
                () -> client.post(delivery.url(), delivery.operationID(), delivery.body(), timeout)
                        .map(response -> response.statusCode()))
                .subscribe().with(
                        status -> {
                            boolean ok = status >= 200 && status <= 299;
                            finished(delivery, start, ok, ok ? null : "HTTP " + status);
                        },
                        failure -> finished(delivery, start, false,
                                CallbackGuards.asExchangeFailure(failure, timeout).getMessage()));
    }

    private void finished(Delivery delivery, long start, boolean ok, String error) {
        metrics.roundTrip(delivery.type().key(), ok ? "delivered" : "failed",
                Duration.ofNanos(System.nanoTime() - start));
        if (ok) {
            delivered.incrementAndGet();
        } else {
            failed.incrementAndGet();
            LOG.warnf("after-callback %s operationID=%s failed: %s", delivery.type().key(), delivery.operationID(),
                    error);
        }
        deliverNext();
    }

    /** What the queue accepted and what became of it. */
    public record Ledger(long accepted, long delivered, long failed, long refused, int pending) {
    }
}

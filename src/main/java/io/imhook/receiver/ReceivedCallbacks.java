package io.imhook.receiver;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.imhook.callback.PayloadCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the receiver answered: the last {@link ReceiverConfig#eventsCapacity()} callbacks, newest first, and a
 * counter per command and verdict. The counters are Micrometer counters (at {@code /q/metrics}), read back for
 * {@link #counts()}, so there is one tally, not two.
 */
@ApplicationScoped
public class ReceivedCallbacks {

    static final String METRIC = "imhook.receiver.callbacks";

    private final int capacity;
    private final long capacityBytes;
    private final MeterRegistry registry;
    private final Counter evicted;
    /** Guarded by itself; the critical sections are a few pointer moves, fine on the event loop. */
    private final Deque<Kept> newestFirst = new ArrayDeque<>();
    /** Guarded by {@link #newestFirst}. */
    private long keptBytes;
    /**
     * Each command's and verdict's counter, built and registered once and then kept, as {@code DispatchMetrics}
     * keeps the dispatcher's; the keys are bounded, the commands being the catalogue's.
     */
    private final Map<CounterTags, Counter> answered = new ConcurrentHashMap<>();

    private record CounterTags(String command, Verdict verdict) {
    }

    /**
     * One kept callback, without its body record, and the body's bytes: a record read from a body full of small
     * strings takes many times the bytes, so the list keeps the bytes and reads them again when it is listed.
     */
    private record Kept(ReceivedCallback callback, byte[] body, Class<? extends Record> requestType) {

        long bytes() {
            return body.length;
        }

        ReceivedCallback withBody() {
            return new ReceivedCallback(callback.command(), callback.operationID(), callback.receivedAt(),
                    PayloadCodec.read(body, requestType), callback.verdict(), callback.answer());
        }
    }

    public ReceivedCallbacks(ReceiverConfig config, MeterRegistry registry) {
        this.capacity = config.eventsCapacity();
        this.capacityBytes = config.eventsCapacityBytes().asLongValue();
        this.registry = registry;
        this.evicted = Counter.builder("imhook.receiver.events.evicted")
                .description("Received callbacks dropped from the event list to stay within its count or bytes")
                .register(registry);
    }

    /**
     * Keeps one callback (its {@code body} record is dropped: the bytes it was read from are kept instead); the
     * oldest go past the count or the bytes.
     */
    public void record(ReceivedCallback callback, byte[] body, Class<? extends Record> requestType) {
        ReceivedCallback withoutBody = new ReceivedCallback(callback.command(), callback.operationID(),
                callback.receivedAt(), null, callback.verdict(), callback.answer());
        synchronized (newestFirst) {
            Kept kept = new Kept(withoutBody, body, requestType);
            newestFirst.addFirst(kept);
            keptBytes += kept.bytes();
            while (newestFirst.size() > capacity || (keptBytes > capacityBytes && newestFirst.size() > 1)) {
                keptBytes -= newestFirst.removeLast().bytes();
                evicted.increment();
            }
        }
        answered.computeIfAbsent(new CounterTags(callback.command(), callback.verdict()),
                tags -> Counter.builder(METRIC)
                        .description("Callbacks the reference receiver answered, by command and verdict")
                        .tag("command", tags.command())
                        .tag("verdict", tags.verdict().wireName())
                        .register(registry))
                .increment();
    }

    /**
     * The newest callbacks first, only those of {@code command} and of {@code operationID} where they are given, at
     * most {@code limit}.
     */
    public List<ReceivedCallback> newest(Optional<String> command, Optional<String> operationID, int limit) {
        List<Kept> matching;
        synchronized (newestFirst) {
            matching = newestFirst.stream()
                    .filter(kept -> command.map(kept.callback().command()::equals).orElse(true))
                    .filter(kept -> operationID.map(kept.callback().operationID()::equals).orElse(true))
                    .limit(limit)
                    .toList();
        }
        return matching.stream().map(Kept::withBody).toList();
    }

    public int capacity() {
        return capacity;
    }

    /** How many callbacks were answered since start, by command, then by verdict. */
    public Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (Counter counter : registry.find(METRIC).counters()) {
            counts.computeIfAbsent(counter.getId().getTag("command"), command -> new TreeMap<>())
                    .put(counter.getId().getTag("verdict"), (long) counter.count());
        }
        return counts;
    }
}

package io.imhook.receiver;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

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
    private final MeterRegistry registry;
    /** Guarded by itself; the critical sections are a few pointer moves, fine on the event loop. */
    private final Deque<ReceivedCallback> newestFirst = new ArrayDeque<>();

    public ReceivedCallbacks(ReceiverConfig config, MeterRegistry registry) {
        this.capacity = config.eventsCapacity();
        this.registry = registry;
    }

    public void record(ReceivedCallback callback) {
        synchronized (newestFirst) {
            newestFirst.addFirst(callback);
            if (newestFirst.size() > capacity) {
                newestFirst.removeLast();
            }
        }
        Counter.builder(METRIC)
                .description("Callbacks the reference receiver answered, by command and verdict")
                .tag("command", callback.command())
                .tag("verdict", callback.verdict().wireName())
                .register(registry)
                .increment();
    }

    /**
     * The newest callbacks first, only those of {@code command} and of {@code operationID} where they are given, at
     * most {@code limit}.
     */
    public List<ReceivedCallback> newest(Optional<String> command, Optional<String> operationID, int limit) {
        synchronized (newestFirst) {
            return newestFirst.stream()
                    .filter(callback -> command.map(callback.command()::equals).orElse(true))
                    .filter(callback -> operationID.map(callback.operationID()::equals).orElse(true))
                    .limit(limit)
                    .toList();
        }
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

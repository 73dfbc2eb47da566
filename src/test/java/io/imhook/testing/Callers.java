package io.imhook.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** Requests made at once, each on a thread of its own, for a test that needs several in flight together. */
public final class Callers implements AutoCloseable {

    private final ExecutorService threads;
    private final int count;

    public Callers(int count) {
        this.count = count;
        this.threads = Executors.newFixedThreadPool(count);
    }

    /** Starts {@code call} on every thread; each future gives the status it answered. */
    public List<CompletableFuture<Integer>> start(Supplier<Integer> call) {
        return IntStream.range(0, count).mapToObj(i -> CompletableFuture.supplyAsync(call, threads)).toList();
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}

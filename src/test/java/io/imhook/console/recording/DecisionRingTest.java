package io.imhook.console.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class DecisionRingTest {

    private static RecordedDecision decision(long seq, String key, String operationID) {
        return new RecordedDecision(seq, 0, key, operationID, "dispatch", ConsoleOutcome.ALLOWED, null, null, 0,
                200, 1_000_000, null, null, 0, null, null);
    }

    @Test
    void keepsTheNewestUpToItsCapacityNewestFirst() {
        DecisionRing ring = new DecisionRing(3);
        for (int i = 0; i < 5; i++) {
            ring.add(seq -> decision(seq, "k", "op-" + seq));
        }
        assertThat(ring.newest(d -> true, 10)).extracting(RecordedDecision::operationID)
                .containsExactly("op-4", "op-3", "op-2");
        assertThat(ring.get(4)).map(RecordedDecision::operationID).contains("op-4");
        assertThat(ring.get(1)).as("overwritten").isEmpty();
        assertThat(ring.get(7)).as("not yet written").isEmpty();
    }

    @Test
    void filtersAndLimits() {
        DecisionRing ring = new DecisionRing(10);
        for (int i = 0; i < 6; i++) {
            ring.add(seq -> decision(seq, seq % 2 == 0 ? "even" : "odd", "op-" + seq));
        }
        assertThat(ring.newest(d -> d.key().equals("even"), 2)).extracting(RecordedDecision::operationID)
                .containsExactly("op-4", "op-2");
    }

    @Test
    void concurrentWritersGetDistinctNumbersAndTheLastCapacityAreAllKept() throws Exception {
        DecisionRing ring = new DecisionRing(500);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<Long> numbers = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 1000; i++) {
                    numbers.add(ring.add(seq -> decision(seq, "k", "op-" + seq)));
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(numbers).hasSize(4000);
        assertThat(ring.newest(d -> true, 1000)).extracting(RecordedDecision::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(3500, 3999).map(n -> 3999 - n + 3500).boxed()
                        .toList());
    }
}

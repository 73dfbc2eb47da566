package io.imhook.dispatch.after.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The index of the live dead letters: a bit per offset, however many there are. */
class LiveOffsetsTest {

    @Test
    void tenMillionDeadLettersTakeUnderHalfAByteEach() {
        LiveOffsets live = new LiveOffsets();
        // every other offset a dead letter, as if a tombstone followed each of another: the worst spread for bits
        for (long offset = 1_000; offset < 1_000 + 20_000_000L; offset += 2) {
            live.add(offset);
        }

        assertThat(live.size()).isEqualTo(10_000_000);
        // 20 million offsets are 2.5 MB of bits, at most twice that as the bit set grows by doubling; the
        // key-and-offset maps before took about 200 bytes per dead letter: 2 GB
        assertThat(live.bytes()).isLessThanOrEqualTo(5L * 1024 * 1024);
        assertThat(live.after(-1, 3)).containsExactly(1_000L, 1_002L, 1_004L);
        assertThat(live.after(1_002, 2)).containsExactly(1_004L, 1_006L);
    }

    @Test
    void removalsAreSeenAndTheChunksOfRemovedOnesAreDropped() {
        LiveOffsets live = new LiveOffsets();
        for (long offset = 0; offset < 200_000; offset++) {
            live.add(offset);
        }
        long bytesFull = live.bytes();
        for (long offset = 0; offset < 150_000; offset++) {
            assertThat(live.remove(offset)).isTrue();
        }

        assertThat(live.remove(10)).as("already removed").isFalse();
        assertThat(live.contains(149_999)).isFalse();
        assertThat(live.contains(150_000)).isTrue();
        assertThat(live.size()).isEqualTo(50_000);
        assertThat(live.after(-1, 1)).containsExactly(150_000L);
        assertThat(live.bytes()).isLessThan(bytesFull);
    }

    /** A dead letter left live while billions of records pass: the offsets' span never overflows the index. */
    @Test
    void offsetsBillionsApartAreKeptApart() {
        LiveOffsets live = new LiveOffsets();
        live.add(0);
        live.add((1L << 31) + 10);
        live.add(5L * Integer.MAX_VALUE);

        assertThat(live.size()).isEqualTo(3);
        assertThat(live.after(-1, 10)).containsExactly(0L, (1L << 31) + 10, 5L * Integer.MAX_VALUE);
        assertThat(live.after(0, 1)).containsExactly((1L << 31) + 10);
        assertThat(live.contains((1L << 31) + 10)).isTrue();
        assertThat(live.bytes()).isLessThanOrEqualTo(3L * LiveOffsets.CHUNK_BITS / 8);
        assertThat(live.remove((1L << 31) + 10)).isTrue();
        assertThat(live.after(-1, 10)).containsExactly(0L, 5L * Integer.MAX_VALUE);
    }

    @Test
    void anOlderOffsetAndAnEmptiedIndexStartAgainCleanly() {
        LiveOffsets live = new LiveOffsets();
        live.add(500);
        live.add(300);
        live.add(500);

        assertThat(live.size()).isEqualTo(2);
        assertThat(live.after(-1, 10)).isEqualTo(List.of(300L, 500L));
        live.remove(300);
        live.remove(500);
        assertThat(live.size()).isZero();
        assertThat(live.after(-1, 10)).isEmpty();
        live.add(7);
        assertThat(live.after(-1, 10)).containsExactly(7L);
    }
}

package io.imhook.dispatch.after.kafka;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The offsets of the live dead letters of the one-partition dead-letter topic, as bits: one per offset, in chunks of
 * {@value #CHUNK_BITS} offsets, a chunk kept only while it holds a live one. A replica follows every dead letter the
 * topic holds at one or two bits each where they lie close together, as they do (an offset a tombstone or a removed
 * dead letter took costs a bit too, and a bit set grows by doubling): ten million take at most 5 MB, instead of a
 * key and two map entries each (about 200 bytes) before. Chunks keep the offsets apart however far they spread: a
 * lone dead letter costs its chunk's bits up to it (8 KB at most), and no span of offsets overflows. Not
 * thread-safe: the owner locks.
 */
final class LiveOffsets {

    /** Offsets per chunk: a chunk's bits take at most 8 KB. */
    static final int CHUNK_BITS = 1 << 16;

    private final TreeMap<Long, BitSet> chunks = new TreeMap<>();
    private int size;

    void add(long offset) {
        BitSet chunk = chunks.computeIfAbsent(offset / CHUNK_BITS, ignored -> new BitSet());
        int bit = (int) (offset % CHUNK_BITS);
        if (!chunk.get(bit)) {
            chunk.set(bit);
            size++;
        }
    }

    boolean remove(long offset) {
        BitSet chunk = chunks.get(offset / CHUNK_BITS);
        int bit = (int) (offset % CHUNK_BITS);
        if (chunk == null || !chunk.get(bit)) {
            return false;
        }
        chunk.clear(bit);
        size--;
        if (chunk.isEmpty()) {
            chunks.remove(offset / CHUNK_BITS);
        }
        return true;
    }

    boolean contains(long offset) {
        BitSet chunk = chunks.get(offset / CHUNK_BITS);
        return chunk != null && chunk.get((int) (offset % CHUNK_BITS));
    }

    int size() {
        return size;
    }

    /** Up to {@code limit} live offsets after {@code after} (exclusive; -1 for all), oldest first. */
    List<Long> after(long after, int limit) {
        List<Long> offsets = new ArrayList<>(Math.min(limit, size));
        long from = after + 1;
        for (Map.Entry<Long, BitSet> chunk : chunks.tailMap(Math.max(0, from) / CHUNK_BITS, true).entrySet()) {
            long start = chunk.getKey() * CHUNK_BITS;
            int firstBit = from > start ? (int) (from - start) : 0;
            BitSet bits = chunk.getValue();
            for (int bit = bits.nextSetBit(firstBit); bit >= 0 && offsets.size() < limit;
                    bit = bits.nextSetBit(bit + 1)) {
                offsets.add(start + bit);
            }
            if (offsets.size() >= limit) {
                break;
            }
        }
        return offsets;
    }

    /** Bytes the bits take: what the index costs in memory, without the chunks' small map entries. */
    long bytes() {
        return chunks.values().stream().mapToLong(bits -> bits.size() / 8).sum();
    }
}

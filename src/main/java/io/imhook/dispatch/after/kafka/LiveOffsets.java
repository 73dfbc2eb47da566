package io.imhook.dispatch.after.kafka;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The offsets of the live dead letters of the one-partition dead-letter topic, as one bit per offset from the
 * oldest live one on: a replica follows every dead letter the topic holds at one or two bits each (an offset a
 * tombstone or a removed dead letter took costs a bit too, and the bit set grows by doubling), instead of a key and
 * two map entries each (about 200 bytes), so that no count of dead letters can keep a replica from starting: ten
 * million take at most 5 MB. Not thread-safe: the owner locks.
 */
final class LiveOffsets {

    /** Bits before the oldest live offset are dropped once there are this many of them. */
    private static final int COMPACT_AFTER_BITS = 1 << 16;

    private long base = -1;
    private BitSet bits = new BitSet();
    private int size;

    void add(long offset) {
        if (size == 0) {
            base = offset;
            bits = new BitSet();
        } else if (offset < base) {
            BitSet shifted = new BitSet();
            int by = Math.toIntExact(base - offset);
            bits.stream().forEach(bit -> shifted.set(bit + by));
            bits = shifted;
            base = offset;
        }
        int bit = Math.toIntExact(offset - base);
        if (!bits.get(bit)) {
            bits.set(bit);
            size++;
        }
    }

    boolean remove(long offset) {
        if (!contains(offset)) {
            return false;
        }
        bits.clear(Math.toIntExact(offset - base));
        size--;
        if (size == 0) {
            base = -1;
            bits = new BitSet();
        } else {
            int first = bits.nextSetBit(0);
            if (first >= COMPACT_AFTER_BITS) {
                bits = bits.get(first, bits.length());
                base += first;
            }
        }
        return true;
    }

    boolean contains(long offset) {
        return size > 0 && offset >= base && offset - base <= Integer.MAX_VALUE
                && bits.get(Math.toIntExact(offset - base));
    }

    int size() {
        return size;
    }

    /** Up to {@code limit} live offsets after {@code after} (exclusive), oldest first. */
    List<Long> after(long after, int limit) {
        List<Long> offsets = new ArrayList<>(Math.min(limit, size));
        if (size == 0) {
            return offsets;
        }
        int from = after < base ? 0 : Math.toIntExact(after - base + 1);
        for (int bit = bits.nextSetBit(from); bit >= 0 && offsets.size() < limit; bit = bits.nextSetBit(bit + 1)) {
            offsets.add(base + bit);
        }
        return offsets;
    }

    /** Bytes the bits take: what the index costs in memory. */
    long bytes() {
        return bits.size() / 8;
    }
}

package io.bitquark.seeder.storage;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLongArray;

/** A fixed-size set of piece indexes that reader threads test and update without locks. */
final class PieceSet {

    private final int size;
    private final AtomicLongArray words;

    PieceSet(int size) {
        this.size = size;
        this.words = new AtomicLongArray((size + 63) >>> 6);
    }

    boolean get(int piece) {
        return (words.get(piece >>> 6) & (1L << piece)) != 0;
    }

    void set(int piece) {
        words.getAndUpdate(piece >>> 6, w -> w | (1L << piece));
    }

    /** Clears the piece; true when it was set, so exactly one of several racing callers sees true. */
    boolean clear(int piece) {
        long bit = 1L << piece;
        return (words.getAndUpdate(piece >>> 6, w -> w & ~bit) & bit) != 0;
    }

    /** Replaces the whole set with {@code pieces} (bits at or past the size are ignored). */
    void replace(BitSet pieces) {
        long[] source = pieces.get(0, size).toLongArray();
        for (int i = 0; i < words.length(); i++) {
            words.set(i, i < source.length ? source[i] : 0);
        }
    }

    BitSet snapshot() {
        long[] copy = new long[words.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = words.get(i);
        }
        return BitSet.valueOf(copy);
    }

    int cardinality() {
        int n = 0;
        for (int i = 0; i < words.length(); i++) {
            n += Long.bitCount(words.get(i));
        }
        return n;
    }
}

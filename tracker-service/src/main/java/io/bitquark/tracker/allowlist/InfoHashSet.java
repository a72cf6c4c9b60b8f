package io.bitquark.tracker.allowlist;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of 20-byte info-hashes packed in one array (open addressing, linear probing), so that
 * a membership test on the announce path reads the hash where it lies and allocates nothing.
 */
final class InfoHashSet {

    private static final int LENGTH = 20;

    private final byte[] keys;
    private final boolean[] used;
    private final int mask;

    InfoHashSet(List<byte[]> hashes) {
        int capacity = Integer.highestOneBit(Math.max(4, hashes.size() * 2)) * 2;
        keys = new byte[capacity * LENGTH];
        used = new boolean[capacity];
        mask = capacity - 1;
        for (byte[] h : hashes) {
            if (h.length != LENGTH || contains(h, 0)) {
                continue;
            }
            int slot = home(h, 0);
            while (used[slot]) {
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            System.arraycopy(h, 0, keys, slot * LENGTH, LENGTH);
        }
    }

    boolean contains(byte[] bytes, int offset) {
        for (int slot = home(bytes, offset); used[slot]; slot = (slot + 1) & mask) {
            if (Arrays.equals(keys, slot * LENGTH, slot * LENGTH + LENGTH, bytes, offset, offset + LENGTH)) {
                return true;
            }
        }
        return false;
    }

    private int home(byte[] bytes, int offset) {
        int h = 1;
        for (int i = 0; i < LENGTH; i++) {
            h = 31 * h + bytes[offset + i];
        }
        return (h ^ (h >>> 16)) & mask;
    }
}

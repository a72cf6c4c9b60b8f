package io.bitquark.tracker.swarm;

/**
 * Where each peer of a swarm is: an open-addressing map (linear probing, backward-shift deletion, no
 * tombstones) from a peer's 64-bit identity to its location, with no object per entry.
 *
 * <pre>
 * location (int):  [31..30] window slot   [29..28] array (seeders/leechers × IPv4/IPv6)   [27..0] position
 * </pre>
 *
 * Identity 0 marks an empty slot; {@link PeerIdentity} never gives it.
 */
final class IdentityIndex {

    /** What {@link #get} answers for an unknown identity; no location is −1, since slots are 0 to 2. */
    static final int NONE = -1;

    private long[] keys = new long[8];
    private int[] values = new int[8];
    private int size;

    static int loc(int slot, int array, int position) {
        return (slot << 30) | (array << 28) | position;
    }

    static int slot(int loc) {
        return loc >>> 30;
    }

    static int array(int loc) {
        return (loc >>> 28) & 3;
    }

    static int position(int loc) {
        return loc & 0x0fffffff;
    }

    int size() {
        return size;
    }

    /** The location of {@code id}, or {@link #NONE}. */
    int get(long id) {
        int mask = keys.length - 1;
        for (int i = spread(id) & mask; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == id) {
                return values[i];
            }
            if (k == 0) {
                return NONE;
            }
        }
    }

    void put(long id, int value) {
        if (2 * (size + 1) > keys.length) {
            resize();
        }
        int mask = keys.length - 1;
        int i = spread(id) & mask;
        while (keys[i] != 0 && keys[i] != id) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            size++;
        }
        keys[i] = id;
        values[i] = value;
    }

    void remove(long id) {
        int mask = keys.length - 1;
        int i = spread(id) & mask;
        while (keys[i] != id) {
            if (keys[i] == 0) {
                return;
            }
            i = (i + 1) & mask;
        }
        size--;
        // shift back every later entry of the run whose home slot is not between the gap and itself
        for (int gap = i, next = (i + 1) & mask; ; next = (next + 1) & mask) {
            long k = keys[next];
            if (k == 0) {
                keys[gap] = 0;
                return;
            }
            int home = spread(k) & mask;
            if (((next - home) & mask) >= ((next - gap) & mask)) {
                keys[gap] = k;
                values[gap] = values[next];
                gap = next;
            }
        }
    }

    private void resize() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = spread(oldKeys[j]) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static int spread(long id) {
        return (int) (id ^ (id >>> 32));
    }
}

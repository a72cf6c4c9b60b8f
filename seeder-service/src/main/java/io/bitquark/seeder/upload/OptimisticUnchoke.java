package io.bitquark.seeder.upload;

import java.util.ArrayDeque;
import java.util.Set;

/**
 * BEP 3's optimistic unchoke, for a choker with regular slots: one more slot, handed in turn to the next
 * interested peer that holds no regular slot, so that a peer the regular slots pass over still gets data now
 * and then. The rotation order is the order peers arrived in, and the holder moves to its back.
 */
final class OptimisticUnchoke {

    private final ArrayDeque<Chokeable> order = new ArrayDeque<>();
    private Chokeable holder;

    void add(Chokeable peer) {
        order.addLast(peer);
    }

    void remove(Chokeable peer) {
        order.remove(peer);
        if (holder == peer) {
            holder = null;
        }
    }

    /** The peer holding the slot, or null. */
    Chokeable holder() {
        return holder;
    }

    /** Frees the slot, when its holder earned a regular one or lost interest; it is not choked here. */
    void release(Chokeable peer) {
        if (holder == peer) {
            holder = null;
        }
    }

    /**
     * Gives the slot to the next interested peer outside {@code regular} that does not hold it, when it is free or
     * when {@code rotate}; the previous holder is choked unless it holds a regular slot. A lone candidate keeps
     * the slot.
     */
    void fill(boolean rotate, Set<Chokeable> regular) {
        if (holder != null && !rotate) {
            return;
        }
        Chokeable next = null;
        for (Chokeable peer : order) {
            if (peer.interested() && !regular.contains(peer) && peer != holder) {
                next = peer;
                break;
            }
        }
        if (next == null) {
            return;
        }
        Chokeable previous = holder;
        holder = next;
        order.remove(next);
        order.addLast(next);
        if (previous != null && !regular.contains(previous)) {
            previous.choke();
        }
    }

    /** Unchokes the holder, if there is one. */
    void unchokeHolder() {
        if (holder != null) {
            holder.unchoke();
        }
    }

    /** Forgets every peer. */
    void clear() {
        order.clear();
        holder = null;
    }
}

package io.bitquark.seeder.upload;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A fixed number of regular unchoke slots handed round the interested peers in turn, plus one optimistic
 * unchoke that moves to the next choked interested peer (BEP 3's choking, with round-robin instead of
 * rate-based selection, as a seed has no download rates to reciprocate).
 *
 * <ul>
 * <li>Every {@code unchokeInterval}, the regular slots go to the first {@code slots} interested peers of the
 *     rotation order that do not hold one, and each peer given a slot moves to the back of that order: with 4
 *     interested peers and 2 slots, A and B, then C and D, then A and B again.</li>
 * <li>Every {@code optimisticInterval}, the optimistic unchoke goes to the next choked interested peer of its
 *     own rotation order.</li>
 * <li>A slot freed between rechokes (a peer lost interest or left) is filled at once, and an interested newcomer
 *     gets a free slot at once: no peer waits for the timer while a slot is free.</li>
 * </ul>
 *
 * <p>At most {@code slots + 1} peers are unchoked at any moment; chokes are always sent before unchokes.
 */
final class RoundRobinChoker implements Choker {

    private final int slots;
    private final long unchokeInterval;
    private final long optimisticInterval;
    private final ArrayDeque<Chokeable> regularOrder = new ArrayDeque<>();
    private final Set<Chokeable> regular = Collections.newSetFromMap(new IdentityHashMap<>());
    private final OptimisticUnchoke optimistic = new OptimisticUnchoke();
    private long nextRegular;
    private long nextOptimistic;

    RoundRobinChoker(int slots, long unchokeIntervalNanos, long optimisticIntervalNanos, long now) {
        if (slots < 0) {
            throw new IllegalArgumentException("unchoke slots must not be negative, got " + slots);
        }
        this.slots = slots;
        this.unchokeInterval = unchokeIntervalNanos;
        this.optimisticInterval = optimisticIntervalNanos;
        this.nextRegular = now + unchokeIntervalNanos;
        this.nextOptimistic = now + optimisticIntervalNanos;
    }

    @Override
    public void peerAdded(Chokeable peer) {
        regularOrder.addLast(peer);
        optimistic.add(peer);
        fill();
    }

    @Override
    public void peerRemoved(Chokeable peer) {
        regularOrder.remove(peer);
        optimistic.remove(peer);
        regular.remove(peer);
        fill();
    }

    @Override
    public void interestChanged(Chokeable peer) {
        if (!peer.interested()) {
            boolean held = regular.remove(peer) | optimistic.holder() == peer;
            optimistic.release(peer);
            if (held) {
                peer.choke();
            }
        }
        fill();
    }

    @Override
    public void tick(long now) {
        if (now - nextRegular >= 0) {
            nextRegular = now + unchokeInterval;
            rotateRegular();
        }
        if (now - nextOptimistic >= 0) {
            nextOptimistic = now + optimisticInterval;
            rotateOptimistic();
        }
    }

    /**
     * Gives the regular slots to the next interested peers in turn: peers without a slot first, in rotation
     * order; a holder keeps its slot only when too few others want one.
     */
    private void rotateRegular() {
        List<Chokeable> chosen = firstInterested(regularOrder, slots, regular);
        for (Chokeable holder : regularOrder) {
            if (chosen.size() == slots) {
                break;
            }
            if (regular.contains(holder) && holder.interested()) {
                chosen.add(holder);
            }
        }
        List<Chokeable> leaving = new ArrayList<>(regular);
        leaving.removeAll(chosen);
        regular.clear();
        for (Chokeable peer : chosen) {
            grantRegular(peer);
        }
        for (Chokeable peer : leaving) {
            if (peer != optimistic.holder()) {
                peer.choke();
            }
        }
        optimistic.fill(false, regular);
        unchokeHolders();
    }

    /** Moves the optimistic unchoke to the next choked interested peer, if there is one. */
    private void rotateOptimistic() {
        optimistic.fill(true, regular);
        unchokeHolders();
    }

    /** Fills free regular slots and a free optimistic slot between rechokes. */
    private void fill() {
        if (regular.size() < slots) {
            for (Chokeable peer : firstInterested(regularOrder, slots - regular.size(), regular)) {
                grantRegular(peer);
            }
        }
        optimistic.fill(false, regular);
        unchokeHolders();
    }

    /** Gives {@code peer} a regular slot and sends it to the back of the rotation. */
    private void grantRegular(Chokeable peer) {
        regular.add(peer);
        regularOrder.remove(peer);
        regularOrder.addLast(peer);
        optimistic.release(peer);
    }

    private void unchokeHolders() {
        for (Chokeable peer : regular) {
            peer.unchoke();
        }
        optimistic.unchokeHolder();
    }

    private static List<Chokeable> firstInterested(ArrayDeque<Chokeable> order, int count, Set<Chokeable> except) {
        List<Chokeable> chosen = new ArrayList<>(count);
        for (Chokeable peer : order) {
            if (chosen.size() == count) {
                break;
            }
            if (peer.interested() && (except == null || !except.contains(peer))) {
                chosen.add(peer);
            }
        }
        return chosen;
    }
}

package io.bitquark.seeder.upload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Choking while the torrent downloads: BEP 3's tit-for-tat. The regular slots go to the interested peers that send
 * us the most, and one optimistic unchoke rotates through the others, so that a newcomer with nothing to show yet
 * gets a chance to prove itself; once the download is complete, the seed's choker takes over.
 *
 * <ul>
 * <li>Every {@code unchokeInterval} the regular slots go to the {@code slots} interested peers with the highest
 *     download rate to us ({@link Chokeable#downloadRate()}); ties keep the order peers arrived in.</li>
 * <li>Every {@code optimisticInterval} the optimistic unchoke moves to the next choked interested peer, in turn.</li>
 * <li>A slot freed between rechokes (a peer lost interest or left) is filled at once, and an interested newcomer
 *     gets a free slot at once.</li>
 * <li>At most {@code slots + 1} peers are unchoked; chokes are sent before unchokes.</li>
 * <li>When {@code downloading} turns false (checked at every call), every peer is handed to {@code seed}, once
 *     and for good. A seed choker that decides each peer on its own ({@link Choker#decidesEachPeer()}) is given
 *     the peers as they are; any other gets them choked first, as it only unchokes the peers it picks.</li>
 * </ul>
 *
 * <p>Thread-safe: the connections of a torrent may run on several event loops, and every call is made under this
 * choker's lock. {@link Chokeable#choke()} and {@link Chokeable#unchoke()} may therefore be called from another
 * connection's loop: an implementation hops to its own.
 */
final class ReciprocalChoker implements Choker {

    private static final Comparator<Chokeable> FASTEST_FIRST =
            Comparator.comparingLong(Chokeable::downloadRate).reversed();

    private final int slots;
    private final long unchokeInterval;
    private final long optimisticInterval;
    private final Choker seed;
    private final BooleanSupplier downloading;
    /** Every peer, in the order they arrived (ties in rate keep it). */
    private final List<Chokeable> order = new ArrayList<>();

    private final Set<Chokeable> regular = Collections.newSetFromMap(new IdentityHashMap<>());
    private final OptimisticUnchoke optimistic = new OptimisticUnchoke();
    private long nextRegular;
    private long nextOptimistic;
    private boolean handedOver;

    ReciprocalChoker(
            int slots,
            long unchokeIntervalNanos,
            long optimisticIntervalNanos,
            long now,
            Choker seed,
            BooleanSupplier downloading) {
        if (slots < 0) {
            throw new IllegalArgumentException("unchoke slots must not be negative, got " + slots);
        }
        this.slots = slots;
        this.unchokeInterval = unchokeIntervalNanos;
        this.optimisticInterval = optimisticIntervalNanos;
        this.seed = seed;
        this.downloading = downloading;
        this.nextRegular = now + unchokeIntervalNanos;
        this.nextOptimistic = now + optimisticIntervalNanos;
    }

    @Override
    public synchronized void peerAdded(Chokeable peer) {
        if (seeding()) {
            seed.peerAdded(peer);
            return;
        }
        order.add(peer);
        optimistic.add(peer);
        fill();
    }

    @Override
    public synchronized void peerRemoved(Chokeable peer) {
        if (seeding()) {
            seed.peerRemoved(peer);
            return;
        }
        order.remove(peer);
        optimistic.remove(peer);
        regular.remove(peer);
        fill();
    }

    @Override
    public synchronized void interestChanged(Chokeable peer) {
        if (seeding()) {
            seed.interestChanged(peer);
            return;
        }
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
    public synchronized void tick(long now) {
        if (seeding()) {
            seed.tick(now);
            return;
        }
        if (now - nextRegular >= 0) {
            nextRegular = now + unchokeInterval;
            rechoke();
        }
        if (now - nextOptimistic >= 0) {
            nextOptimistic = now + optimisticInterval;
            rotateOptimistic();
        }
    }

    /** Whether the seed's choker is in charge: the download is over (handing the peers over the first time). */
    private boolean seeding() {
        if (handedOver) {
            return true;
        }
        if (downloading.getAsBoolean()) {
            return false;
        }
        handedOver = true;
        if (!seed.decidesEachPeer()) {
            for (Chokeable peer : unchoked()) {
                peer.choke();
            }
        }
        regular.clear();
        optimistic.clear();
        for (Chokeable peer : order) {
            seed.peerAdded(peer);
        }
        order.clear();
        return true;
    }

    /** The regular slots to the fastest interested peers, the optimistic one kept unless it earned a slot. */
    private void rechoke() {
        List<Chokeable> chosen = fastestInterested(slots, null);
        List<Chokeable> leaving = new ArrayList<>(regular);
        leaving.removeAll(chosen);
        regular.clear();
        regular.addAll(chosen);
        chosen.forEach(optimistic::release);
        for (Chokeable peer : leaving) {
            if (peer != optimistic.holder()) {
                peer.choke();
            }
        }
        optimistic.fill(false, regular);
        unchokeHolders();
    }

    private void rotateOptimistic() {
        optimistic.fill(true, regular);
        unchokeHolders();
    }

    private void fill() {
        if (regular.size() < slots) {
            for (Chokeable peer : fastestInterested(slots - regular.size(), regular)) {
                regular.add(peer);
                optimistic.release(peer);
            }
        }
        optimistic.fill(false, regular);
        unchokeHolders();
    }

    private void unchokeHolders() {
        for (Chokeable peer : regular) {
            peer.unchoke();
        }
        optimistic.unchokeHolder();
    }

    private List<Chokeable> unchoked() {
        List<Chokeable> all = new ArrayList<>(regular);
        if (optimistic.holder() != null) {
            all.add(optimistic.holder());
        }
        return all;
    }

    /** Up to {@code count} interested peers outside {@code except}, fastest first, ties in arrival order. */
    private List<Chokeable> fastestInterested(int count, Set<Chokeable> except) {
        List<Chokeable> candidates = new ArrayList<>();
        for (Chokeable peer : order) {
            if (peer.interested() && (except == null || !except.contains(peer))) {
                candidates.add(peer);
            }
        }
        candidates.sort(FASTEST_FIRST);
        return candidates.size() <= count ? candidates : new ArrayList<>(candidates.subList(0, count));
    }
}

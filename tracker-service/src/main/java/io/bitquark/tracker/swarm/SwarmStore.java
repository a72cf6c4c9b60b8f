package io.bitquark.tracker.swarm;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The tracker's storage port: swarm membership and counters. The HTTP and UDP front ends are thin
 * adapters over {@code AnnounceService}, which uses this port; Redis backs it in production and on
 * Kubernetes, and packed in-memory arrays serve single-node users.
 *
 * <p>Every implementation honours one contract (see {@code SwarmStoreContract} in the tests):
 * <ul>
 *   <li>an announce updates the peer and reads the swarm atomically, in one step;</li>
 *   <li>a peer's identity is its peer id and the address its announce came from (never the announced
 *       {@code ip}, never the {@code key}): the same peer id from another address is another peer, so
 *       only a peer's own address can move or remove its entry. The store hashes the identity with a
 *       key of its own (SipHash), kept where the swarms are, so that clients cannot forge collisions;</li>
 *   <li>a peer is dropped between {@link PeerWindows#peerTimeoutMillis()} and 1.5× that after its last announce;</li>
 *   <li>{@code complete}/{@code incomplete} count live seeders and leechers exactly, whatever the concurrency;</li>
 *   <li>{@code downloaded} counts a peer's {@code completed} event once;</li>
 *   <li>the peers returned are a random selection of other live peers of the families asked for, seeders
 *       never get seeders, and selection costs O(numwant) however large the swarm.</li>
 * </ul>
 */
public interface SwarmStore {

    /**
     * Applies every pending announce of {@code batch} and writes its answer into the batch, then runs
     * {@code done}: before returning when the store answers at once (in memory), on the store's I/O thread
     * otherwise. Announces the store cannot apply in time are marked
     * {@link AnnounceBatch.Outcome#UNAVAILABLE}; {@code done} always runs exactly once, and the batch must
     * not be touched until it has.
     */
    void announce(AnnounceBatch batch, Runnable done);

    /**
     * Whether front ends should gather the announces of one event-loop turn into one batch before calling
     * {@link #announce} (a store behind a network round trip), rather than hand each over at once.
     */
    default boolean coalesces() {
        return false;
    }

    /** Counts for each requested swarm, in order; unknown swarms count zero. */
    Uni<List<SwarmCounts>> scrape(List<byte[]> infoHashes);

    /** A page of the known swarms, most recently active first. */
    Uni<SwarmPage> swarms(int offset, int limit);

    /**
     * How many peers are live in all swarms together. The Redis store answers from shared per-window
     * counters that each replica updates every few seconds, so the figure may lag by that much.
     */
    Uni<Long> livePeers();

    /** Whether the backing storage answers now (for readiness). */
    Uni<Boolean> ping();
}

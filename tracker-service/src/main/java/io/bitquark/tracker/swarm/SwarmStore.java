package io.bitquark.tracker.swarm;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The tracker's storage port: swarm membership and counters. The HTTP and UDP front ends are thin
 * adapters over {@code AnnounceService}, which uses this port; Redis backs it in production and on
 * Kubernetes, and an in-memory map serves single-node users.
 *
 * <p>Every implementation honours one contract (see {@code SwarmStoreContract} in the tests):
 * <ul>
 *   <li>an announce updates the peer and reads the swarm atomically, in one step;</li>
 *   <li>a peer is dropped between {@link PeerWindows#peerTimeoutMillis()} and 1.5× that after its last announce;</li>
 *   <li>{@code complete}/{@code incomplete} count live seeders and leechers exactly, whatever the concurrency;</li>
 *   <li>{@code downloaded} counts a peer's {@code completed} event once;</li>
 *   <li>the peers returned are a random selection of other live peers, seeders never get seeders, and
 *       selection costs O(numwant) however large the swarm.</li>
 * </ul>
 */
public interface SwarmStore {

    /** Applies one announce and returns the swarm as seen right after it. */
    Uni<AnnounceResult> announce(PeerAnnounce announce);

    /**
     * Applies several announces in one step (one Redis round trip per slot); results come back in order.
     * UDP front ends use this to coalesce announces that arrive together.
     */
    Uni<List<AnnounceResult>> announceAll(List<PeerAnnounce> announces);

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

package io.bitquark.tracker.swarm;

import java.util.List;

/**
 * What the store answers to an announce: the swarm's counts after the announce and a random selection
 * of other peers. A seeder is never sent seeders.
 */
record AnnounceResult(long complete, long incomplete, long downloaded, List<SwarmPeer> peers) {

    public AnnounceResult {
        peers = List.copyOf(peers);
    }
}

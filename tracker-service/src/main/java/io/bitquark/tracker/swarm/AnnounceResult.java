package io.bitquark.tracker.swarm;

import java.util.List;

/**
 * What the store answers to an announce: the swarm's counts after the announce and a random selection
 * of other peers as compact endpoints (6 bytes IPv4, 18 bytes IPv6). A seeder is never sent seeders.
 */
public record AnnounceResult(long complete, long incomplete, long downloaded, List<byte[]> peers) {

    public AnnounceResult {
        peers = List.copyOf(peers);
    }
}

package io.bitquark.tracker.swarm;

import java.util.Arrays;
import java.util.Objects;

/**
 * One peer's announce, as the swarm store sees it.
 *
 * @param infoHash the swarm: a 20-byte v1 info-hash or truncated v2 info-hash
 * @param identity 8 bytes naming the peer within the swarm (see {@link PeerIdentity}); a later announce
 *                 with the same identity replaces the peer's entry, even from another address
 * @param peer     the peer's compact address (6 bytes IPv4, BEP 23; 18 bytes IPv6, BEP 7) and peer id
 * @param seeder   whether the peer has everything ({@code left=0})
 * @param event    the announce event
 * @param numwant  how many peers to return (already clamped by the service; 0 returns none)
 */
public record PeerAnnounce(
        byte[] infoHash, byte[] identity, SwarmPeer peer, boolean seeder, PeerEvent event, int numwant) {

    public PeerAnnounce {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(peer, "peer");
        if (infoHash.length != 20) {
            throw new IllegalArgumentException("info-hash must be 20 bytes");
        }
        if (identity.length != PeerIdentity.LENGTH) {
            throw new IllegalArgumentException("identity must be " + PeerIdentity.LENGTH + " bytes");
        }
        if (numwant < 0) {
            throw new IllegalArgumentException("numwant must not be negative");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerAnnounce a
                && Arrays.equals(infoHash, a.infoHash)
                && Arrays.equals(identity, a.identity)
                && peer.equals(a.peer)
                && seeder == a.seeder
                && event == a.event
                && numwant == a.numwant;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(infoHash), Arrays.hashCode(identity), peer.hashCode(), seeder, event, numwant);
    }

    @Override
    public String toString() {
        return "PeerAnnounce[" + SwarmCounts.hex(infoHash) + " " + event + (seeder ? " seeder" : " leecher") + "]";
    }
}

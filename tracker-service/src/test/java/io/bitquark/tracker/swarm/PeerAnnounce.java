package io.bitquark.tracker.swarm;

import java.util.Arrays;

/**
 * One peer's announce as a specification states it; {@link Announces} puts it into an
 * {@link AnnounceBatch}.
 *
 * @param infoHash the swarm
 * @param source   the address the announce came from (4 or 16 bytes): with the peer id, the identity
 * @param peer     where other peers reach it, and its peer id
 * @param families {@link AnnounceBatch#IPV4} and/or {@link AnnounceBatch#IPV6}
 */
record PeerAnnounce(
        byte[] infoHash, byte[] source, SwarmPeer peer, boolean seeder, PeerEvent event, int numwant, int families) {

    /** An announce from the peer's own address, asking for peers of both families. */
    PeerAnnounce(byte[] infoHash, SwarmPeer peer, boolean seeder, PeerEvent event, int numwant) {
        this(
                infoHash,
                Arrays.copyOf(peer.endpoint(), peer.endpoint().length - 2),
                peer,
                seeder,
                event,
                numwant,
                AnnounceBatch.IPV4 | AnnounceBatch.IPV6);
    }
}

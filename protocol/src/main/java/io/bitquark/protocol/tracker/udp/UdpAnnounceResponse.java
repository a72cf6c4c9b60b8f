package io.bitquark.protocol.tracker.udp;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.CompactPeers;
import io.bitquark.protocol.tracker.Peer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * BEP 15 announce response, 20 bytes + compact peers:
 * <pre>
 * 0   i32 action = 1
 * 4   i32 transaction id
 * 8   i32 interval (seconds)
 * 12  i32 leechers
 * 16  i32 seeders
 * 20  IPv4: n x (4-byte address, u16 port) = 6n bytes    (packet from an IPv4 tracker address)
 *     IPv6: n x (16-byte address, u16 port) = 18n bytes  (packet from an IPv6 tracker address)
 * </pre>
 *
 * <p>The family is not in the packet: the decoder is told it. A peer list that is not a whole number of
 * entries is refused. Peer ids are not carried, so peers are compared without them.
 */
public record UdpAnnounceResponse(
        int transactionId, int interval, int leechers, int seeders, AddressFamily family, List<Peer> peers)
        implements UdpTrackerResponse {

    public static final int HEADER_SIZE = 20;
    public static final int MAX_SIZE = UdpTrackerPackets.MAX_DATAGRAM_SIZE;

    public UdpAnnounceResponse {
        Objects.requireNonNull(family, "family");
        peers = peers.stream().map(Peer::withoutPeerId).toList();
        for (Peer peer : peers) {
            if (peer.family() != family) {
                throw new IllegalArgumentException("peer " + peer + " in an " + family + " response");
            }
        }
        if (peers.size() > maxPeers(family)) {
            throw new IllegalArgumentException(peers.size() + " peers do not fit one datagram");
        }
    }

    /** How many peers of {@code family} fit one response datagram. */
    public static int maxPeers(AddressFamily family) {
        return (MAX_SIZE - HEADER_SIZE) / family.compactPeerLength();
    }

    @Override
    public UdpAction action() {
        return UdpAction.ANNOUNCE;
    }

    @Override
    public byte[] encode() {
        byte[] compact = CompactPeers.encode(peers, family);
        return ByteBuffer.allocate(HEADER_SIZE + compact.length)
                .putInt(UdpAction.ANNOUNCE.code())
                .putInt(transactionId)
                .putInt(interval)
                .putInt(leechers)
                .putInt(seeders)
                .put(compact)
                .array();
    }

    public static UdpAnnounceResponse decode(byte[] packet, AddressFamily family) throws UdpPacketException {
        UdpTrackerPackets.check(packet, 0, UdpAction.ANNOUNCE, HEADER_SIZE, MAX_SIZE, "announce response");
        int peerBytes = packet.length - HEADER_SIZE;
        if (!CompactPeers.isWhole(peerBytes, family)) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.BAD_LENGTH,
                    peerBytes + " bytes of peers are not a whole number of " + family.compactPeerLength() + "-byte "
                            + family + " entries");
        }
        ByteBuffer b = ByteBuffer.wrap(packet);
        return new UdpAnnounceResponse(
                b.getInt(4),
                b.getInt(8),
                b.getInt(12),
                b.getInt(16),
                family,
                CompactPeers.decode(packet, HEADER_SIZE, peerBytes, family));
    }
}

package io.bitquark.seeder.upload;

import io.bitquark.protocol.peer.AllowedFastSet;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.peer.PeerLink;
import io.bitquark.seeder.peer.ServedTorrent;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.BitSet;

/**
 * What the upload role opens with, right after the session's extended handshake and in the same write:
 *
 * <pre>
 * what we have:  fast peer (BEP 6)   have all | have none | bitfield
 *                other peer (BEP 3)  bitfield, or nothing when we have no piece
 * allowed fast (BEP 6, IPv4 fast peers): the pieces of the peer's allowed-fast set that we have
 * </pre>
 */
final class UploadGreeting {

    private UploadGreeting() {}

    /**
     * Sends the greeting and returns the allowed-fast set it grants: null for peers without BEP 6 and for IPv6
     * peers, for which BEP 6 defines none.
     */
    static AllowedFastSet send(PeerLink link, int allowedFastCount) {
        ServedTorrent torrent = link.torrent();
        BitSet pieces = torrent.pieces();
        int count = torrent.pieceCount();
        int have = pieces.cardinality();
        boolean fast = link.fast();
        if (fast && have == count) {
            link.send(PeerMessage.HaveAll.INSTANCE);
        } else if (fast && have == 0) {
            link.send(PeerMessage.HaveNone.INSTANCE);
        } else if (have > 0) {
            link.send(PeerMessage.Bitfield.of(pieces, count));
        }
        InetAddress address = link.address();
        if (!fast || allowedFastCount <= 0 || !(address instanceof Inet4Address)) {
            return null;
        }
        AllowedFastSet allowed = AllowedFastSet.generate(address, link.handshakeHash(), count, allowedFastCount);
        for (int piece : allowed.pieces()) {
            if (pieces.get(piece)) {
                link.send(new PeerMessage.AllowedFast(piece));
            }
        }
        return allowed;
    }
}

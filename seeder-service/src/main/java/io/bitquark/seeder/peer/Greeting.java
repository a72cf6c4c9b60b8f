package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.AllowedFastSet;
import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireCodec;
import io.bitquark.protocol.peer.UtMetadataMessage;
import io.vertx.core.buffer.Buffer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.BitSet;

/**
 * The messages a seed sends right after the handshake, in one write:
 *
 * <pre>
 * extended handshake (BEP 10, if the peer set reserved[5] &amp; 0x10):
 *     m = {ut_metadata: 1}, v = "BitQuark x.y", reqq, yourip, metadata_size (BEP 9)
 * what we have:  fast peer (BEP 6)   have all | have none | bitfield
 *                other peer (BEP 3)  bitfield, or nothing when we have no piece
 * allowed fast (BEP 6, IPv4 fast peers): the pieces of the peer's allowed-fast set that we have
 * </pre>
 */
record Greeting(Buffer bytes, AllowedFastSet allowedFast) {

    /** The id under which we want to receive {@code ut_metadata} messages (our {@code m} dictionary). */
    static final int UT_METADATA_ID = 1;

    /**
     * The greeting for a peer at {@code address} (null when unknown) that handshook with {@code hash}, with the
     * allowed-fast set it grants (null for peers without BEP 6 and for IPv6 peers, for which BEP 6 defines none).
     */
    static Greeting of(
            ServedTorrent torrent,
            byte[] hash,
            boolean fast,
            boolean extensions,
            InetAddress address,
            PeerWireRuntime runtime) {
        Buffer out = Buffer.buffer();
        if (extensions) {
            ExtendedHandshake.Builder handshake = ExtendedHandshake.builder()
                    .extension(UtMetadataMessage.EXTENSION_NAME, UT_METADATA_ID)
                    .client(runtime.clientVersion())
                    .requestQueueLength(runtime.config().maxOutstandingRequests())
                    .metadataSize(torrent.infoBytes().length);
            if (address != null) {
                handshake.yourIp(address);
            }
            append(out, handshake.build().toMessage());
        }
        BitSet pieces = torrent.pieces();
        int count = torrent.pieceCount();
        int have = pieces.cardinality();
        if (fast && have == count) {
            append(out, PeerMessage.HaveAll.INSTANCE);
        } else if (fast && have == 0) {
            append(out, PeerMessage.HaveNone.INSTANCE);
        } else if (have > 0) {
            append(out, PeerMessage.Bitfield.of(pieces, count));
        }
        AllowedFastSet allowed = null;
        int size = runtime.config().allowedFastCount();
        if (fast && size > 0 && address instanceof Inet4Address) {
            allowed = AllowedFastSet.generate(address, hash, count, size);
            for (int piece : allowed.pieces()) {
                if (pieces.get(piece)) {
                    append(out, new PeerMessage.AllowedFast(piece));
                }
            }
        }
        return new Greeting(out, allowed);
    }

    static void append(Buffer out, PeerMessage message) {
        out.appendBytes(PeerWireCodec.encode(message));
    }
}

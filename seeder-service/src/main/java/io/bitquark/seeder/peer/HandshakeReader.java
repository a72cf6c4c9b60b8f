package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.Handshake;
import io.bitquark.protocol.peer.HandshakeException;
import io.bitquark.protocol.peer.PeerId;
import java.nio.ByteBuffer;

/**
 * Collects an incoming BEP 3 handshake from chunks of any size:
 *
 * <pre>
 * &lt;pstrlen=19&gt;&lt;"BitTorrent protocol"&gt;&lt;reserved 8&gt;&lt;info_hash 20&gt;&lt;peer_id 20&gt;
 * |------------------------- header: 48 bytes ---------------------|
 * </pre>
 *
 * <p>The protocol prefix is checked as each byte arrives, so garbage is refused at its first wrong byte. The
 * header is available as soon as its 48 bytes are in, so the seed can look up the torrent and answer before
 * the peer id arrives. Bytes after the 68th are left in the caller's buffer: they are the first messages.
 */
final class HandshakeReader {

    private final byte[] bytes = new byte[Handshake.LENGTH];
    private int fill;

    /** Takes the handshake bytes of {@code in}, leaving any bytes beyond the handshake there. */
    void feed(ByteBuffer in) throws HandshakeException {
        int n = Math.min(in.remaining(), Handshake.LENGTH - fill);
        in.get(bytes, fill, n);
        fill += n;
        Handshake.checkProtocolPrefix(ByteBuffer.wrap(bytes, 0, fill));
    }

    boolean headerComplete() {
        return fill >= Handshake.HEADER_LENGTH;
    }

    boolean complete() {
        return fill == Handshake.LENGTH;
    }

    Handshake.Header header() throws HandshakeException {
        return Handshake.decodeHeader(ByteBuffer.wrap(bytes, 0, Handshake.HEADER_LENGTH));
    }

    PeerId peerId() throws HandshakeException {
        return Handshake.decodePeerId(ByteBuffer.wrap(bytes, Handshake.PEER_ID_OFFSET, PeerId.LENGTH));
    }
}

package io.bitquark.seeder.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.peer.PeerMessage;
import java.io.IOException;
import java.util.ArrayDeque;

/** Downloads pieces over a {@link RawPeer} the way a well-behaved client does, checking every byte. */
final class Leech {

    static final int BLOCK = 16 * 1024;

    private Leech() {}

    /** Connects, says interested, waits for unchoke. */
    static RawPeer unchoked(int port, FileTorrent torrent, boolean fast) throws IOException {
        RawPeer peer = RawPeer.handshaken(port, torrent.handshakeHash(), fast, true);
        peer.send(PeerMessage.Interested.INSTANCE);
        peer.next(PeerMessage.Unchoke.class);
        return peer;
    }

    /**
     * Requests every block of pieces {@code from} (inclusive) to {@code to} (exclusive), keeping {@code window}
     * requests outstanding, and checks each block against the file. Returns the block bytes received.
     */
    static long download(RawPeer peer, FileTorrent torrent, int from, int to, int window) throws IOException {
        ArrayDeque<PeerMessage.Request> toSend = new ArrayDeque<>();
        for (int index = from; index < to; index++) {
            long length = torrent.pieceLength(index);
            for (int begin = 0; begin < length; begin += BLOCK) {
                toSend.add(new PeerMessage.Request(index, begin, (int) Math.min(BLOCK, length - begin)));
            }
        }
        int outstanding = 0;
        long received = 0;
        while (!toSend.isEmpty() || outstanding > 0) {
            while (outstanding < window && !toSend.isEmpty()) {
                peer.send(toSend.poll());
                outstanding++;
            }
            PeerMessage.Piece piece = peer.next(PeerMessage.Piece.class);
            assertThat(piece.block())
                    .as("block %d+%d", piece.pieceIndex(), piece.begin())
                    .isEqualTo(torrent.bytes(piece.pieceIndex(), piece.begin(), piece.blockLength()));
            received += piece.blockLength();
            outstanding--;
        }
        return received;
    }
}

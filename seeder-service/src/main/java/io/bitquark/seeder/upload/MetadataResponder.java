package io.bitquark.seeder.upload;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireException;
import io.bitquark.protocol.peer.UtMetadataMessage;
import java.util.Arrays;

/**
 * Serves the info dictionary under BEP 9 ({@code ut_metadata}), so a client that starts from a magnet link can
 * fetch it from us, 16 KiB at a time:
 *
 * <pre>
 * peer: request {msg_type: 0, piece: i}
 * us:   data    {msg_type: 1, piece: i, total_size: n}&lt;piece i of the info dictionary&gt;   for i in range
 *       reject  {msg_type: 2, piece: i}                                                for i out of range
 * </pre>
 *
 * <p>Our answers carry the peer's own id for {@code ut_metadata}, from its extended handshake. Data and
 * reject messages from the peer, malformed payloads and unknown {@code msg_type}s are ignored, as BEP 9 asks.
 */
final class MetadataResponder {

    private MetadataResponder() {}

    /**
     * The answer to the {@code ut_metadata} payload {@code payload}, or null when none is due.
     *
     * @param info          the bencoded info dictionary
     * @param peerMessageId the peer's id for {@code ut_metadata} (0: it did not announce the extension)
     */
    static PeerMessage.Extended answer(byte[] payload, byte[] info, int peerMessageId) {
        if (peerMessageId == 0) {
            return null;
        }
        UtMetadataMessage message;
        try {
            message = UtMetadataMessage.decode(payload);
        } catch (PeerWireException e) {
            return null;
        }
        if (message.type() != UtMetadataMessage.Type.REQUEST) {
            return null;
        }
        int piece = message.piece();
        if (piece >= UtMetadataMessage.pieceCount(info.length)) {
            return UtMetadataMessage.reject(piece).toMessage(peerMessageId);
        }
        int from = piece * UtMetadataMessage.PIECE_LENGTH;
        int to = from + UtMetadataMessage.pieceLength(piece, info.length);
        return UtMetadataMessage.data(piece, info.length, Arrays.copyOfRange(info, from, to))
                .toMessage(peerMessageId);
    }
}

package io.bitquark.seeder.upload;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.peer.DisconnectReason;
import io.bitquark.seeder.peer.RejectReason;
import io.bitquark.seeder.peer.ServedTorrent;

/**
 * What a seed does with a BEP 3 {@code request <index><begin><length>}: serve it, refuse it, or drop the peer.
 * The checks, in order:
 *
 * <pre>
 * check                                         fast peer (BEP 6)          other peer
 * index beyond the torrent, empty block,
 *   or begin + length beyond the piece          reject                     disconnect (invalid request)
 * length over the maximum block length          reject                     disconnect (oversized request)
 * reqq requests already outstanding             disconnect                 disconnect (too many requests)
 * choked, piece not allowed fast                reject                     ignore
 * piece not had (never verified, or withdrawn)  reject                     ignore
 * otherwise                                     serve                      serve
 * </pre>
 *
 * <p>A peer without the fast extension cannot be told "no", so a request that no correct client sends (outside
 * the torrent, or over the block limit) ends its connection. A request while choked is legitimate for such a
 * peer (it crossed our choke on the wire) and a request for a piece we lack can follow a withdrawal it could
 * not hear about (BEP 3 has no "unhave"), so both are dropped silently; BEP 3 says a choked peer's requests are
 * discarded.
 */
final class RequestPolicy {

    /** What to do with one request. */
    enum Action {
        SERVE,
        REJECT,
        IGNORE,
        DISCONNECT
    }

    /** The action, with the reject reason (REJECT, IGNORE) or the disconnect reason (DISCONNECT). */
    record Verdict(Action action, RejectReason rejectReason, DisconnectReason disconnectReason) {
        static final Verdict SERVE = new Verdict(Action.SERVE, null, null);

        static Verdict refuse(boolean fast, RejectReason reason) {
            return new Verdict(fast ? Action.REJECT : Action.IGNORE, reason, null);
        }

        static Verdict refuseOrDisconnect(boolean fast, RejectReason reject, DisconnectReason disconnect) {
            return fast ? new Verdict(Action.REJECT, reject, null) : disconnect(disconnect);
        }

        static Verdict disconnect(DisconnectReason reason) {
            return new Verdict(Action.DISCONNECT, null, reason);
        }
    }

    /** What the policy needs to know about the connection at the moment the request arrives. */
    interface Peer {
        boolean fast();

        boolean choked();

        boolean allowedFast(int pieceIndex);

        /** Requests received and not yet answered (queued or being read). */
        int outstanding();
    }

    private final int maxBlockLength;
    private final int maxOutstanding;

    RequestPolicy(int maxBlockLength, int maxOutstanding) {
        this.maxBlockLength = maxBlockLength;
        this.maxOutstanding = maxOutstanding;
    }

    Verdict judge(ServedTorrent torrent, PeerMessage.Request request, Peer peer) {
        int index = request.pieceIndex();
        if (index >= torrent.pieceCount()
                || request.length() == 0
                || (long) request.begin() + request.length() > torrent.pieceLength(index)) {
            return Verdict.refuseOrDisconnect(
                    peer.fast(), RejectReason.OUTSIDE_PIECE, DisconnectReason.INVALID_REQUEST);
        }
        if (request.length() > maxBlockLength) {
            return Verdict.refuseOrDisconnect(
                    peer.fast(), RejectReason.OVERSIZED_BLOCK, DisconnectReason.OVERSIZED_REQUEST);
        }
        if (peer.outstanding() >= maxOutstanding) {
            return Verdict.disconnect(DisconnectReason.TOO_MANY_REQUESTS);
        }
        if (peer.choked() && !peer.allowedFast(index)) {
            return Verdict.refuse(peer.fast(), RejectReason.CHOKED);
        }
        if (!torrent.hasPiece(index)) {
            return Verdict.refuse(peer.fast(), RejectReason.PIECE_MISSING);
        }
        return Verdict.SERVE;
    }
}

package io.bitquark.seeder.peer;

import io.vertx.core.net.SocketAddress;

/**
 * What the peer-wire server reports, for metrics and events. Every call is made on the event loop of the
 * connection concerned, in the order things happened to it; with several event loops calls come from several
 * threads at once, so implementations must be thread-safe, return quickly and never block.
 */
public interface PeerWireListener {

    /** A listener that ignores everything. */
    PeerWireListener NONE = new PeerWireListener() {};

    /** A listener that reports each event to this one, then to {@code next}. */
    default PeerWireListener andThen(PeerWireListener next) {
        PeerWireListener first = this;
        return new PeerWireListener() {
            @Override
            public void peerConnected(ServedTorrent torrent, SocketAddress peer) {
                first.peerConnected(torrent, peer);
                next.peerConnected(torrent, peer);
            }

            @Override
            public void peerDisconnected(ServedTorrent torrent, SocketAddress peer, DisconnectReason reason) {
                first.peerDisconnected(torrent, peer, reason);
                next.peerDisconnected(torrent, peer, reason);
            }

            @Override
            public void requestRejected(ServedTorrent torrent, SocketAddress peer, RejectReason reason) {
                first.requestRejected(torrent, peer, reason);
                next.requestRejected(torrent, peer, reason);
            }

            @Override
            public void hashRequestAnswered(ServedTorrent torrent, SocketAddress peer, boolean served) {
                first.hashRequestAnswered(torrent, peer, served);
                next.hashRequestAnswered(torrent, peer, served);
            }

            @Override
            public void chokeChanged(ServedTorrent torrent, SocketAddress peer, boolean choked) {
                first.chokeChanged(torrent, peer, choked);
                next.chokeChanged(torrent, peer, choked);
            }
        };
    }

    /** A peer completed its handshake for {@code torrent}. */
    default void peerConnected(ServedTorrent torrent, SocketAddress peer) {}

    /** A connection ended; {@code torrent} is null when it ended before its handshake named one. */
    default void peerDisconnected(ServedTorrent torrent, SocketAddress peer, DisconnectReason reason) {}

    /** A request was refused: a BEP 6 reject was sent to a fast peer, or the request was dropped. */
    default void requestRejected(ServedTorrent torrent, SocketAddress peer, RejectReason reason) {}

    /** A BEP 52 hash request was answered: with hashes ({@code served} true) or a hash reject. */
    default void hashRequestAnswered(ServedTorrent torrent, SocketAddress peer, boolean served) {}

    /** We choked ({@code choked} true) or unchoked a peer. */
    default void chokeChanged(ServedTorrent torrent, SocketAddress peer, boolean choked) {}
}

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

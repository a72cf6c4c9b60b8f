package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.PeerMessage;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;

/**
 * What a {@link PeerRole} may know of and do with its connection. Implemented by the session; every call is made
 * on the session's event loop.
 */
public interface PeerLink {

    /** The torrent the handshake named. */
    ServedTorrent torrent();

    /** The 20-byte info-hash of this connection's handshake (the v1 hash, or the truncated v2 one). */
    byte[] handshakeHash();

    /** Whether both ends set the BEP 6 fast bit. */
    boolean fast();

    /**
     * Whether the handshake named the torrent's v2 info-hash (truncated): a v2 connection, on which BEP 52 hash
     * requests are made and answered. libtorrent exchanges hash messages on such connections only (a v1 connection
     * of a hybrid torrent becomes one only through the upgrade bit, {@code reserved[7] & 0x10}, which we never set).
     */
    boolean v2();

    SocketAddress remote();

    /** The peer's IP address, or null when it is not known. */
    InetAddress address();

    /** The event loop the connection runs on: for timers, and for hopping back from worker threads. */
    Context context();

    /**
     * Runs {@code action} on the connection's event loop: at once when called on that loop's thread, or as its
     * next task from any other thread.
     */
    void onLoop(Runnable action);

    /** Where the connection's events are reported (for metrics). */
    PeerWireListener listener();

    /**
     * How fast the peer sends us piece data, in bytes per second, as its download role measures it; may be read
     * from any thread.
     */
    long downloadRate();

    /** Writes a message. */
    void send(PeerMessage message);

    /**
     * Writes the piece message {@code <index><begin><block>}. Pieces written in one event-loop turn go out in one
     * gathered write; {@code block}'s reference is the session's, released once written or dropped.
     */
    void sendPiece(int index, int begin, ByteBuf block);

    /** Whether the socket holds more than its watermark of unsent bytes. */
    boolean writeQueueFull();

    /** Stops reading from the socket (received bytes wait in the kernel, and TCP slows the peer down). */
    void pauseReading();

    /** Reads from the socket again after {@link #pauseReading}. */
    void resumeReading();

    /** Ends the connection (only this one) for {@code reason}. */
    void close(DisconnectReason reason);
}

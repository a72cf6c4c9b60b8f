package io.bitquark.seeder.peer;

import java.util.Locale;

/**
 * Why a peer connection ended. The first group are the defences against bad peers (each counted for metrics);
 * the rest are ordinary ends of a connection.
 */
public enum DisconnectReason {
    /**
     * The first bytes were not a BEP 3 handshake: garbage, or an encrypted (MSE/PE) handshake, which this seed
     * does not speak. libtorrent, qBittorrent and Transmission try encryption first and reconnect in plain text,
     * so this is not counted as an offence: the two cannot be told apart from the first bytes.
     */
    NOT_A_HANDSHAKE(false),
    /** The handshake named an info-hash this process does not seed. */
    UNKNOWN_INFO_HASH(true),
    /** The whole 68-byte handshake did not arrive within the handshake timeout. */
    HANDSHAKE_TIMEOUT(true),
    /** A length prefix above the frame limit, refused before anything was allocated. */
    OVERSIZED_FRAME(true),
    /** A frame of the wrong size for its message id, or a malformed payload. */
    MALFORMED_MESSAGE(true),
    /** A request for a piece beyond the torrent, or a block outside its piece (from a peer without BEP 6). */
    INVALID_REQUEST(true),
    /** A request for a block over the maximum block length (from a peer without BEP 6). */
    OVERSIZED_REQUEST(true),
    /** More requests outstanding than the {@code reqq} we announced. */
    TOO_MANY_REQUESTS(true),
    /** Nothing received, not even a keep-alive, for the idle timeout. */
    IDLE(true),

    /** The process already holds its maximum number of peer connections. */
    CONNECTION_LIMIT(false),
    /** The torrent already holds its maximum number of peer connections. */
    TORRENT_CONNECTION_LIMIT(false),
    /** The torrent is known but takes no peers now (paused, checking). */
    TORRENT_NOT_ACCEPTING(false),
    /** The torrent was removed or paused while the peer was connected. */
    TORRENT_STOPPED(false),
    /** The peer closed the connection, or it failed. */
    CLOSED_BY_PEER(false),
    /** The server is shutting down. */
    SERVER_CLOSED(false);

    private final boolean offence;

    DisconnectReason(boolean offence) {
        this.offence = offence;
    }

    /** Whether the peer was disconnected for misbehaving, rather than for an ordinary reason. */
    public boolean offence() {
        return offence;
    }

    /** The reason as a metric tag: lower case with hyphens, e.g. {@code unknown-info-hash}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

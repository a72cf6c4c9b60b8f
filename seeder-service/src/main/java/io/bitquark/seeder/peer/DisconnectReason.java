package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.mse.MseException;
import java.util.Locale;

/**
 * Why a peer connection ended. The first group are the defences against bad peers (each counted for metrics);
 * the rest are ordinary ends of a connection.
 */
public enum DisconnectReason {
    /**
     * The first bytes were neither a BEP 3 handshake nor a valid encrypted (MSE/PE) handshake: garbage, or an
     * MSE handshake that went wrong (its sync marker missing within bounds, keys that disagree). Not counted as
     * an offence: a broken or unusual client reconnecting in plain text looks the same.
     */
    NOT_A_HANDSHAKE(false),
    /**
     * An encrypted (MSE/PE) handshake whose {@code crypto_provide} holds no method {@code bitquark.seeder.peer.encryption}
     * allows: RC4 only while encryption is {@code disabled}, plaintext only while it is {@code required}. Not an
     * offence: the two sides are configured not to agree.
     */
    UNSUPPORTED_ENCRYPTION(false),
    /** A plain BEP 3 handshake while {@code bitquark.seeder.peer.encryption} is {@code required}. Not an offence. */
    ENCRYPTION_REQUIRED(false),
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
    /** A peer we connected to answered our handshake with another info-hash. */
    UNEXPECTED_INFO_HASH(true),
    /**
     * A {@code bitfield} of the wrong length or with spare bits set (BEP 3), or a {@code have all} or
     * {@code have none} from a peer without BEP 6.
     */
    INVALID_BITFIELD(true),
    /** A {@code have} for a piece beyond the torrent. */
    INVALID_HAVE(true),
    /** The peer's address is banned: it was proven to send bad blocks in two pieces (smart ban). */
    BANNED(true),
    /**
     * While we fetched a torrent's info dictionary from the peer (BEP 9): metadata that does not hash to the
     * info-hash, a piece of the wrong size, an impossible {@code metadata_size}, or no answer for too long.
     */
    BAD_METADATA(true),

    /** The process already holds its maximum number of peer connections. */
    CONNECTION_LIMIT(false),
    /** The torrent already holds its maximum number of peer connections. */
    TORRENT_CONNECTION_LIMIT(false),
    /** The torrent is known but takes no peers now (paused, checking). */
    TORRENT_NOT_ACCEPTING(false),
    /** The torrent was removed or paused while the peer was connected. */
    TORRENT_STOPPED(false),
    /** The handshake carried our own peer id: we connected to ourselves. */
    SELF_CONNECTION(false),
    /**
     * We and the peer both have every piece: neither has anything for the other (libtorrent's "upload to upload
     * connection"). The dialer does not dial the peer again while the torrent stays complete.
     */
    UPLOAD_ONLY(false),
    /** The peer closed the connection, or it failed. */
    CLOSED_BY_PEER(false),
    /** The server is shutting down. */
    SERVER_CLOSED(false);

    private final boolean offence;

    DisconnectReason(boolean offence) {
        this.offence = offence;
    }

    /** The reason for ending a connection whose encrypted (MSE/PE) handshake failed this way. */
    static DisconnectReason of(MseException.Failure failure) {
        switch (failure) {
            case UNKNOWN_INFO_HASH:
                return UNKNOWN_INFO_HASH;
            case NO_COMMON_METHOD:
                return UNSUPPORTED_ENCRYPTION;
            default:
                return NOT_A_HANDSHAKE;
        }
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

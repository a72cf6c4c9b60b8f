package io.bitquark.seeder.torrent;

import java.util.OptionalLong;

/**
 * A call on the torrents that is refused, with its {@link Kind} and a detail that says what to fix. The domain
 * knows nothing of HTTP: the REST layer turns each kind into its status and problem title, in one place.
 */
public final class TorrentException extends RuntimeException {

    /** Why a call is refused. */
    public enum Kind {
        /** The call names something unusable: an unsafe data path, a bad info-hash, magnet link or URL. */
        INVALID_REQUEST,
        /** The .torrent does not parse; {@link #offset()} says where, when known. */
        MALFORMED,
        /** The torrent parses but cannot be seeded: it names unsafe paths, or its files cannot be laid out. */
        UNSEEDABLE,
        /** A torrent with one of these info-hashes is already in the session. */
        ALREADY_ADDED,
        /** The data is to be deleted but its path now leads out of the data root; nothing is removed. */
        DATA_OUTSIDE_ROOT,
        /** Only an info-hash names the torrent, and no metainfo-service is configured to fetch it from. */
        NO_METADATA_SOURCE,
        /** The .torrent could not be fetched: no answer, a status other than 200, or too large. */
        METADATA_NOT_FETCHED,
        /** The process is stopping and the call was interrupted. */
        SHUTTING_DOWN,
        /** The state directory could not be written, so the change was not made. */
        STATE_NOT_SAVED,
        /** The torrent is no longer in the session, but not all of its files could be deleted. */
        NOT_FULLY_REMOVED
    }

    private final Kind kind;
    private final long offset;

    public TorrentException(Kind kind, String detail) {
        this(kind, detail, -1, null);
    }

    public TorrentException(Kind kind, String detail, Throwable cause) {
        this(kind, detail, -1, cause);
    }

    private TorrentException(Kind kind, String detail, long offset, Throwable cause) {
        super(detail, cause, false, false);
        this.kind = kind;
        this.offset = offset;
    }

    /** A {@link Kind#MALFORMED} torrent, with the byte offset the parser stopped at (negative when unknown). */
    public static TorrentException malformed(String detail, long offset, Throwable cause) {
        return new TorrentException(Kind.MALFORMED, detail, offset, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The byte offset of the fault in a {@link Kind#MALFORMED} torrent. */
    public OptionalLong offset() {
        return offset >= 0 ? OptionalLong.of(offset) : OptionalLong.empty();
    }
}

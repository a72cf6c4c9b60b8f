package io.bitquark.protocol.metainfo;

/**
 * A torrent that cannot be used: malformed metainfo, a structural rule it breaks, or a path that would
 * escape the directory it is mapped onto. The message says what is wrong and where; {@link #kind()} says
 * which rule failed, for callers that branch on it.
 */
public final class MetainfoException extends Exception {

    /** Which rule the torrent breaks. */
    public enum Kind {
        /** Not bencode, nested too deeply, or a v2 info dictionary that is not canonical. */
        MALFORMED_BENCODE,
        /** The top-level value is not a dictionary. */
        NOT_A_DICTIONARY,
        /** No {@code info} dictionary. */
        MISSING_INFO,
        /** A {@code meta version} this parser does not know. */
        UNSUPPORTED_VERSION,
        /** No usable {@code name}, or a file entry without a {@code path}. */
        MISSING_NAME,
        /** {@code piece length} missing, not positive, too large, or (v2) not a power of two of at least 16 KiB. */
        INVALID_PIECE_LENGTH,
        /** {@code pieces} missing or not 20 bytes per piece. */
        INVALID_PIECES,
        /** A file length missing, negative or too large, or a total size of zero. */
        INVALID_LENGTH,
        /** A malformed path list: not a list of byte strings. */
        INVALID_PATH,
        /** A malformed v2 {@code file tree}: empty names, non-dictionary nodes, pad files. */
        INVALID_FILE_TREE,
        /** A v2 file without a valid {@code pieces root}. */
        MISSING_PIECES_ROOT,
        /** The v1 file list of a hybrid torrent does not describe the same files as its v2 file tree. */
        INCONSISTENT_FILES,
        /** A malformed entry in {@code piece layers}, or one of the wrong size. */
        INVALID_PIECE_LAYER,
        /** More pieces than {@link MetainfoParser#MAX_PIECES}. */
        TOO_MANY_PIECES,
        /** No files at all. */
        NO_FILES,
        /** A name or path that is not safe to create under a directory (parent references, separators...). */
        UNSAFE_PATH
    }

    private final Kind kind;
    private final long offset;

    public MetainfoException(Kind kind, String message) {
        this(kind, message, null, -1);
    }

    public MetainfoException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, -1);
    }

    public MetainfoException(Kind kind, String message, Throwable cause, long offset) {
        super(message, cause);
        this.kind = kind;
        this.offset = offset;
    }

    public Kind kind() {
        return kind;
    }

    /** The byte offset in the torrent where the problem was found, or −1 when it is not tied to one place. */
    public long offset() {
        return offset;
    }
}

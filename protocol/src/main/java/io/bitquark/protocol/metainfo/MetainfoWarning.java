package io.bitquark.protocol.metainfo;

/**
 * A defect that lenient parsing tolerated, with a stable code for tools and the byte offset where it was
 * found (−1 when it is not tied to one place).
 */
public record MetainfoWarning(Code code, String message, long offset) {

    /** What was tolerated. */
    public enum Code {
        /** Dictionary keys out of order: not canonical bencode. */
        UNSORTED_KEYS,
        /** A key repeated in one dictionary; the first value is kept. */
        DUPLICATE_KEY,
        /** Bytes after the torrent's dictionary. */
        TRAILING_DATA,
        /** A piece layer that does not hash to its file's pieces root; it was dropped. */
        PIECE_LAYER_MISMATCH,
        /** A piece layer for a root that no file larger than one piece has; it was dropped. */
        UNKNOWN_PIECE_LAYER
    }

    @Override
    public String toString() {
        return message + (offset >= 0 ? " at offset " + offset : "");
    }
}

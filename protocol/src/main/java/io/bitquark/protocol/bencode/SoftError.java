package io.bitquark.protocol.bencode;

/**
 * A defect that lenient decoding tolerates: the value still decodes and its original bytes (and so its
 * hash) are kept, but the input was not canonical bencode.
 */
public record SoftError(Kind kind, int offset, String message) {

    public enum Kind {
        /** Dictionary keys not in ascending raw-byte order. */
        UNSORTED_KEYS,
        /** A key repeated in one dictionary; the first value is kept. */
        DUPLICATE_KEY,
        /** Bytes after the root value. */
        TRAILING_DATA
    }

    @Override
    public String toString() {
        return message + " at offset " + offset;
    }
}

package io.bitquark.protocol.bencode;

/** Input that is not valid bencode. The message names the byte offset where decoding failed. */
public final class BencodeException extends Exception {

    private final int offset;

    public BencodeException(int offset, String problem) {
        super(problem + " at offset " + offset);
        this.offset = offset;
    }

    /** The byte offset in the input where the problem was found. */
    public int offset() {
        return offset;
    }
}

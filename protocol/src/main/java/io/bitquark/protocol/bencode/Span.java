package io.bitquark.protocol.bencode;

import java.util.Arrays;

/**
 * A view of the bytes one value occupied in its source buffer: {@code source[start, end)}.
 * The source is shared, never copied until {@link #bytes()} is called.
 */
public record Span(byte[] source, int start, int end) {

    public Span {
        if (start < 0 || end < start || end > source.length) {
            throw new IllegalArgumentException("span [" + start + ", " + end + ") outside " + source.length + " bytes");
        }
    }

    public int length() {
        return end - start;
    }

    /** A copy of the spanned bytes. */
    public byte[] bytes() {
        return Arrays.copyOfRange(source, start, end);
    }
}

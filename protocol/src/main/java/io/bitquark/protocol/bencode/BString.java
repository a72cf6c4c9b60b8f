package io.bitquark.protocol.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bencoded byte string: {@code <length>:<bytes>}. It holds bytes, not text: names in real torrents
 * are not always UTF-8, and hashes are binary. {@link #utf8()} reads it as text when that is wanted.
 *
 * <p>Byte strings order by unsigned lexicographic comparison of their bytes, which is the order BEP 3
 * requires for dictionary keys.
 */
public final class BString implements BValue, Comparable<BString> {

    private final byte[] bytes;
    private final Span span;
    private int hash;

    private BString(byte[] bytes, Span span) {
        this.bytes = bytes;
        this.span = span;
    }

    /** A byte string holding a copy of {@code bytes}. */
    public static BString of(byte[] bytes) {
        return new BString(bytes.clone(), null);
    }

    /** A byte string holding the UTF-8 encoding of {@code text}. */
    public static BString of(String text) {
        return new BString(text.getBytes(StandardCharsets.UTF_8), null);
    }

    static BString decoded(byte[] bytes, Span span) {
        return new BString(bytes, span);
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a copy; callers must not modify them. */
    byte[] unsafeBytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes read as UTF-8; malformed sequences become U+FFFD. */
    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether the bytes are well-formed UTF-8. */
    public boolean isValidUtf8() {
        return Utf8.isValid(bytes);
    }

    @Override
    public Span span() {
        return span;
    }

    @Override
    public int compareTo(BString other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BString other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return isValidUtf8() ? utf8() : "0x" + java.util.HexFormat.of().formatHex(bytes);
    }
}

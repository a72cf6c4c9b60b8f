package io.bitquark.protocol.bencode;

import java.util.Arrays;

/**
 * A value that is already bencoded and is written verbatim by {@link BencodeEncoder}. Metainfo uses it to
 * put the original info dictionary back into a torrent byte for byte, so that editing anything outside the
 * info dictionary never changes the info-hash.
 */
public record BRaw(byte[] encoded) implements BValue {

    public BRaw {
        encoded = encoded.clone();
    }

    @Override
    public Span span() {
        return null;
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    byte[] unsafeEncoded() {
        return encoded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BRaw other && Arrays.equals(other.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "BRaw[" + encoded.length + " bytes]";
    }
}

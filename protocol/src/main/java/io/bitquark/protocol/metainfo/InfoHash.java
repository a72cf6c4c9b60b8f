package io.bitquark.protocol.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of a torrent: a hash of the raw bytes of its info dictionary, exactly as they appear in the
 * .torrent file (never of a re-encoding).
 *
 * <pre>
 * v1 (BEP 3)   SHA-1(info bytes)     20 bytes   40 hex digits
 * v2 (BEP 52)  SHA-256(info bytes)   32 bytes   64 hex digits; trackers and the peer handshake carry
 *                                               its first 20 bytes ({@link #truncated()})
 * </pre>
 *
 * <p>A hybrid torrent has both, computed over the same info bytes. Hex is written in lowercase and read
 * in either case.
 */
public final class InfoHash {

    /** Which hash this is. */
    public enum Version {
        /** SHA-1, BEP 3. */
        V1(20),
        /** SHA-256, BEP 52. */
        V2(32);

        private final int length;

        Version(int length) {
            this.length = length;
        }

        /** The hash length in bytes. */
        public int length() {
            return length;
        }
    }

    /** The length of a v1 hash and of a truncated v2 hash, as carried by trackers and handshakes. */
    public static final int TRUNCATED_LENGTH = 20;

    private static final HexFormat HEX = HexFormat.of();

    private final Version version;
    private final byte[] bytes;

    private InfoHash(Version version, byte[] bytes) {
        this.version = version;
        this.bytes = bytes;
    }

    /** A v1 info-hash from its 20 bytes. */
    public static InfoHash v1(byte[] hash) {
        return of(Version.V1, hash);
    }

    /** A v2 info-hash from its 32 bytes. */
    public static InfoHash v2(byte[] hash) {
        return of(Version.V2, hash);
    }

    private static InfoHash of(Version version, byte[] hash) {
        if (hash.length != version.length()) {
            throw new IllegalArgumentException(
                    "a " + version + " info-hash is " + version.length() + " bytes, got " + hash.length);
        }
        return new InfoHash(version, hash.clone());
    }

    /** The v1 info-hash of raw info-dictionary bytes: SHA-1. */
    public static InfoHash v1Of(byte[] infoBytes) {
        return new InfoHash(Version.V1, digest("SHA-1", infoBytes));
    }

    /** The v2 info-hash of raw info-dictionary bytes: SHA-256. */
    public static InfoHash v2Of(byte[] infoBytes) {
        return new InfoHash(Version.V2, digest("SHA-256", infoBytes));
    }

    /**
     * Parses 40 hex digits as a v1 hash or 64 as a v2 hash, in either case.
     *
     * @throws IllegalArgumentException for any other length or a non-hex character
     */
    public static InfoHash fromHex(String hex) {
        Version version;
        if (hex.length() == 2 * Version.V1.length()) {
            version = Version.V1;
        } else if (hex.length() == 2 * Version.V2.length()) {
            version = Version.V2;
        } else {
            throw new IllegalArgumentException(
                    "an info-hash is 40 (v1) or 64 (v2) hex digits, got " + hex.length() + " characters");
        }
        try {
            return new InfoHash(version, HEX.parseHex(hex.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("info-hash is not hexadecimal: " + hex, e);
        }
    }

    public Version version() {
        return version;
    }

    /** A copy of the full hash: 20 bytes for v1, 32 for v2. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The 20 bytes that trackers and the peer handshake carry: the whole v1 hash, or the first 20 bytes of
     * a v2 hash (BEP 52).
     */
    public byte[] truncated() {
        return Arrays.copyOf(bytes, TRUNCATED_LENGTH);
    }

    /** The full hash as lowercase hex. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    private static byte[] digest(String algorithm, byte[] input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash other && other.version == version && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * version.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return version + ":" + hex();
    }
}

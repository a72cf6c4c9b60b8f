package io.bitquark.metainfo.create;

/**
 * The automatic piece length: Transmission 4's rule, {@code 2^round(log2(total size) − 10)}, clamped to
 * 16 KiB … the configured cap (16 MiB by default). It gives about a thousand pieces, and matches mktorrent
 * at the usual sizes: 1 GiB → 1 MiB, 10 GiB → 8 MiB, 100 GiB → 16 MiB.
 *
 * <p>An explicit piece length must be a power of two of at least 16 KiB (BEP 52 requires that for v2;
 * we require it for v1 too, as every current tool does).
 */
public final class PieceLengthRule {

    public static final int MIN = 16 * 1024;
    /** The largest explicit piece length accepted (256 MiB). */
    public static final int MAX = 256 * 1024 * 1024;

    private PieceLengthRule() {}

    public static int auto(long totalSize, int cap) {
        if (totalSize <= 0) {
            return MIN;
        }
        double log2 = Math.log((double) totalSize) / Math.log(2);
        long exponent = Math.round(log2 - 10);
        long length = exponent >= 31 ? Long.MAX_VALUE : 1L << Math.max(0, exponent);
        return (int) Math.max(MIN, Math.min(cap, length));
    }

    /** Why {@code pieceLength} is not acceptable, or {@code null} when it is. */
    public static String problem(long pieceLength) {
        if (pieceLength < MIN || pieceLength > MAX || Long.bitCount(pieceLength) != 1) {
            return "pieceLength must be a power of two from 16384 (16 KiB) to 268435456 (256 MiB), got " + pieceLength;
        }
        return null;
    }
}

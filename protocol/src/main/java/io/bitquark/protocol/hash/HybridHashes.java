package io.bitquark.protocol.hash;

import java.util.Arrays;
import java.util.List;

/**
 * The result of a hybrid (v1 + v2) hashing pass, BEP 52 "upgrade path": the v1 {@code pieces} string
 * over a layout in which every file but the last is followed by a BEP 47 pad file up to the next piece
 * boundary, and the v2 hashes of each file.
 *
 * <pre>
 * v1 layout:  file 0 | pad | file 1 | pad | ... | file n-1     (no pad after an aligned or empty file, nor after the last)
 * v1 pieces:  &lt;20-byte SHA-1 of piece 0&gt;&lt;20-byte SHA-1 of piece 1&gt;...
 * v2 files:   one {@link V2FileHashes} per input file, in input order
 * </pre>
 */
public final class HybridHashes {

    private final byte[] v1Pieces;
    private final List<Segment> v1Layout;
    private final List<V2FileHashes> files;

    HybridHashes(byte[] v1Pieces, List<Segment> v1Layout, List<V2FileHashes> files) {
        if (v1Pieces.length % PieceDigest.V1_HASH_SIZE != 0) {
            throw new IllegalArgumentException("v1 pieces must be a multiple of 20 bytes, got " + v1Pieces.length);
        }
        this.v1Pieces = v1Pieces;
        this.v1Layout = List.copyOf(v1Layout);
        this.files = List.copyOf(files);
    }

    /** A copy of the concatenated 20-byte v1 piece hashes. */
    public byte[] v1Pieces() {
        return v1Pieces.clone();
    }

    /** The v1 file layout the pieces were computed over: the input files with pad segments between them. */
    public List<Segment> v1Layout() {
        return v1Layout;
    }

    /** The v2 hashes of each input file, in input order. */
    public List<V2FileHashes> files() {
        return files;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HybridHashes other
                && Arrays.equals(other.v1Pieces, v1Pieces)
                && other.v1Layout.equals(v1Layout)
                && other.files.equals(files);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(v1Pieces) + v1Layout.hashCode()) + files.hashCode();
    }

    @Override
    public String toString() {
        return "HybridHashes[v1Pieces=" + v1Pieces.length / PieceDigest.V1_HASH_SIZE + " hashes, v1Layout="
                + v1Layout.size() + " segments, files=" + files.size() + "]";
    }
}

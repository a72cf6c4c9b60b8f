package io.bitquark.protocol.hash;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The BEP 52 hashes of one file: its {@code pieces root} (the merkle root over its 16 KiB blocks) and,
 * for a file larger than one piece, its piece layer (the roots of its piece-sized subtrees, concatenated,
 * as stored under the root in the {@code piece layers} dictionary). An empty file has neither.
 *
 * <pre>
 * file tree entry:  {"": {"length": &lt;length&gt;, "pieces root": &lt;32 bytes&gt;}}   (no pieces root when length = 0)
 * piece layers:     {&lt;pieces root&gt;: &lt;32 bytes per piece&gt;}                  (only when length &gt; piece length)
 * </pre>
 */
public final class V2FileHashes {

    private static final byte[] NONE = new byte[0];

    private final long length;
    private final byte[] piecesRoot;
    private final byte[] pieceLayer;

    V2FileHashes(long length, byte[] piecesRoot, byte[] pieceLayer) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        if (length == 0 && (piecesRoot != null || pieceLayer.length != 0)) {
            throw new IllegalArgumentException("an empty file has no pieces root and no piece layer");
        }
        if (length > 0 && (piecesRoot == null || piecesRoot.length != MerkleTree.HASH_SIZE)) {
            throw new IllegalArgumentException("a non-empty file needs a 32-byte pieces root");
        }
        if (pieceLayer.length % MerkleTree.HASH_SIZE != 0) {
            throw new IllegalArgumentException("piece layer must be a multiple of 32 bytes, got " + pieceLayer.length);
        }
        this.length = length;
        this.piecesRoot = piecesRoot;
        this.pieceLayer = pieceLayer;
    }

    static V2FileHashes empty() {
        return new V2FileHashes(0, null, NONE);
    }

    public long length() {
        return length;
    }

    /** A copy of the 32-byte pieces root; empty for an empty file. */
    public Optional<byte[]> piecesRoot() {
        return piecesRoot == null ? Optional.empty() : Optional.of(piecesRoot.clone());
    }

    /** A copy of the piece layer: 32 bytes per piece, empty unless the file is larger than one piece. */
    public byte[] pieceLayer() {
        return pieceLayer.clone();
    }

    public boolean hasPieceLayer() {
        return pieceLayer.length > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof V2FileHashes other
                && other.length == length
                && Arrays.equals(other.piecesRoot, piecesRoot)
                && Arrays.equals(other.pieceLayer, pieceLayer);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(length) + Arrays.hashCode(piecesRoot)) + Arrays.hashCode(pieceLayer);
    }

    @Override
    public String toString() {
        String root = piecesRoot == null ? "none" : HexFormat.of().formatHex(piecesRoot);
        return "V2FileHashes[length=" + length + ", piecesRoot=" + root + ", pieceLayer="
                + pieceLayer.length / MerkleTree.HASH_SIZE + " hashes]";
    }
}

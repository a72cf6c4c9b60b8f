package io.bitquark.protocol.hash;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The BEP 52 merkle tree of one file from its piece layer up to its pieces root, and the rules of BEP 52 hash
 * requests over it: which ranges may be asked for, what a {@code hashes} answer carries, and how an answer is
 * checked against the pieces root.
 *
 * <pre>
 * layer      (counted from the 16 KiB blocks, layer 0)
 * L = root   pieces root                                 L = log2(blocks padded to a power of two)
 *            ...
 * p + 1      h(p0|p1)          h(p2|p3)
 * p          p0      p1        p2      p3 = pad         p = log2(piece length / 16 KiB): the piece layer
 *
 * a request  base layer b, index i, length n (a power of two, i a multiple of n), proof layers k
 * an answer  the n hashes of layer b from i, then the uncle hashes: the siblings of the subtree root (layer
 *            b + log2 n) and of its ancestors, bottom up, up to layer b + k
 *            uncles = max(0, k - log2 n + 1)                      (libtorrent's count, hash_picker.cpp)
 * </pre>
 *
 * <p>Layers below the piece layer would need the blocks' hashes, which only the data gives: requests for them
 * are refused, so answering never reads a file. Positions of the piece layer past the file's last piece hold the
 * hash of an all-zero piece subtree, as in the piece layer's own root. Immutable once built.
 */
public final class PieceLayerTree {

    /** The most hashes one request may ask for (BEP 52: length should not exceed 512). */
    public static final int MAX_LENGTH = 512;

    private final int pieceLayer;
    /** {@code layers[0]} is the padded piece layer, the last one the root alone. */
    private final byte[][] layers;

    private PieceLayerTree(int pieceLayer, byte[][] layers) {
        this.pieceLayer = pieceLayer;
        this.layers = layers;
    }

    /**
     * The tree over {@code pieceLayer} (32 bytes per piece, as in the {@code piece layers} dictionary) of a file
     * with pieces of {@code pieceLength} bytes.
     */
    public static PieceLayerTree of(byte[] pieceLayer, int pieceLength) {
        int p = piecesLayerIndex(pieceLength);
        if (pieceLayer.length == 0 || pieceLayer.length % MerkleTree.HASH_SIZE != 0) {
            throw new IllegalArgumentException("a piece layer is a non-empty multiple of 32 bytes");
        }
        int pieces = pieceLayer.length / MerkleTree.HASH_SIZE;
        int width = (int) MerkleTree.nextPowerOfTwo(pieces);
        List<byte[]> layers = new ArrayList<>();
        byte[] level = Arrays.copyOf(pieceLayer, width * MerkleTree.HASH_SIZE);
        for (int i = pieces; i < width; i++) {
            System.arraycopy(MerkleTree.padHashShared(p), 0, level, i * MerkleTree.HASH_SIZE, MerkleTree.HASH_SIZE);
        }
        layers.add(level);
        MessageDigest sha256 = MerkleTree.sha256();
        while (width > 1) {
            width /= 2;
            byte[] next = new byte[width * MerkleTree.HASH_SIZE];
            for (int i = 0; i < width; i++) {
                sha256.update(level, 2 * i * MerkleTree.HASH_SIZE, 2 * MerkleTree.HASH_SIZE);
                System.arraycopy(sha256.digest(), 0, next, i * MerkleTree.HASH_SIZE, MerkleTree.HASH_SIZE);
            }
            layers.add(next);
            level = next;
        }
        return new PieceLayerTree(p, layers.toArray(byte[][]::new));
    }

    /** The layer of piece hashes for pieces of {@code pieceLength} bytes: log2 of its 16 KiB blocks. */
    public static int piecesLayerIndex(int pieceLength) {
        if (!MerkleTree.isPowerOfTwo(pieceLength) || pieceLength < MerkleTree.BLOCK_SIZE) {
            throw new IllegalArgumentException("piece length must be a power of two >= 16 KiB: " + pieceLength);
        }
        return Integer.numberOfTrailingZeros(pieceLength / MerkleTree.BLOCK_SIZE);
    }

    /** The layer of the pieces root of a file of {@code fileLength} bytes (0 for a file of one block). */
    public static int rootLayer(long fileLength) {
        long blocks = Math.max(1, (fileLength + MerkleTree.BLOCK_SIZE - 1) / MerkleTree.BLOCK_SIZE);
        return Long.numberOfTrailingZeros(MerkleTree.nextPowerOfTwo(blocks));
    }

    /** How many uncle hashes follow the {@code length} base hashes of an answer with {@code proofLayers}. */
    public static long uncleCount(int length, int proofLayers) {
        int subtreeLayers = Long.numberOfTrailingZeros(MerkleTree.nextPowerOfTwo(length));
        return Math.max(0L, (long) proofLayers - subtreeLayers + 1);
    }

    /** One request of the layer search: a range of a layer, with the proof layers it asks for. */
    public record Range(int baseLayer, int index, int length, int proofLayers) {}

    /**
     * The requests that fetch the whole piece layer of a file of {@code fileLength} bytes (larger than one piece),
     * each proven up to the pieces root: {@link #MAX_LENGTH} hashes at a time from index 0, the last range the
     * power of two that covers the pieces left (at least 2, so that the range has a subtree and the proof starts at
     * its sibling).
     */
    public static List<Range> pieceLayerRanges(long fileLength, int pieceLength) {
        int p = piecesLayerIndex(pieceLength);
        long pieces = (fileLength + pieceLength - 1) / pieceLength;
        if (pieces < 2) {
            throw new IllegalArgumentException("a file of one piece or less has no piece layer to fetch");
        }
        int proofLayers = rootLayer(fileLength) - p - 1;
        List<Range> ranges = new ArrayList<>();
        for (long index = 0; index < pieces; index += MAX_LENGTH) {
            int length = (int) Math.max(2, Math.min(MAX_LENGTH, MerkleTree.nextPowerOfTwo(pieces - index)));
            ranges.add(new Range(p, (int) index, length, proofLayers));
        }
        return ranges;
    }

    /** The layer of the pieces root. */
    public int rootLayer() {
        return pieceLayer + layers.length - 1;
    }

    /** The pieces root the piece layer hashes to. */
    public byte[] root() {
        return layers[layers.length - 1].clone();
    }

    /**
     * The answer to a request for {@code length} hashes of layer {@code baseLayer} from {@code index}, with
     * {@code proofLayers} layers of proof: the base hashes and then the uncle hashes, concatenated. Empty, to be
     * rejected, unless {@code length} is a power of two of at most {@link #MAX_LENGTH}, {@code index} a multiple of
     * it, the range inside the layer, the layer at or above the piece layer and below the root, and the proof no
     * higher than the layer under the root.
     */
    public Optional<byte[]> answer(int baseLayer, int index, int length, int proofLayers) {
        int rootLayer = rootLayer();
        if (!MerkleTree.isPowerOfTwo(length)
                || length > MAX_LENGTH
                || index < 0
                || index % length != 0
                || baseLayer < pieceLayer
                || baseLayer >= rootLayer
                || proofLayers < 0
                || proofLayers >= rootLayer - baseLayer) {
            return Optional.empty();
        }
        byte[] layer = layers[baseLayer - pieceLayer];
        if ((long) index + length > layer.length / MerkleTree.HASH_SIZE) {
            return Optional.empty();
        }
        int uncles = (int) uncleCount(length, proofLayers);
        byte[] answer = new byte[(length + uncles) * MerkleTree.HASH_SIZE];
        System.arraycopy(layer, index * MerkleTree.HASH_SIZE, answer, 0, length * MerkleTree.HASH_SIZE);
        int subtree = Integer.numberOfTrailingZeros(length);
        int node = index >>> subtree;
        for (int u = 0; u < uncles; u++) {
            byte[] level = layers[baseLayer - pieceLayer + subtree + u];
            System.arraycopy(
                    level,
                    (node ^ 1) * MerkleTree.HASH_SIZE,
                    answer,
                    (length + u) * MerkleTree.HASH_SIZE,
                    MerkleTree.HASH_SIZE);
            node >>>= 1;
        }
        return Optional.of(answer);
    }

    /**
     * Checks an answer ({@code hashes}: the base hashes, then the uncles) against a file's pieces root: the base
     * hashes hash up, with the uncles, to exactly {@code piecesRoot} at the root layer of a file of
     * {@code fileLength} bytes. Returns the base hashes when they do, empty when they do not (or the answer does not
     * fit its request).
     */
    public static Optional<byte[]> verify(
            byte[] piecesRoot, long fileLength, int baseLayer, int index, int length, int proofLayers, byte[] hashes) {
        if (!MerkleTree.isPowerOfTwo(length)
                || index < 0
                || index % length != 0
                || proofLayers < 0
                || hashes.length != (length + uncleCount(length, proofLayers)) * MerkleTree.HASH_SIZE) {
            return Optional.empty();
        }
        int subtree = Integer.numberOfTrailingZeros(length);
        int uncles = (int) uncleCount(length, proofLayers);
        if (baseLayer + subtree + uncles != rootLayer(fileLength)) {
            return Optional.empty(); // the proof must reach the root, no further and no less
        }
        byte[] base = Arrays.copyOf(hashes, length * MerkleTree.HASH_SIZE);
        byte[] node = MerkleTree.root(base, length, MerkleTree.padHashShared(0));
        long position = index >>> subtree;
        MessageDigest sha256 = MerkleTree.sha256();
        for (int u = 0; u < uncles; u++) {
            int offset = (length + u) * MerkleTree.HASH_SIZE;
            if ((position & 1) == 0) {
                sha256.update(node);
                sha256.update(hashes, offset, MerkleTree.HASH_SIZE);
            } else {
                sha256.update(hashes, offset, MerkleTree.HASH_SIZE);
                sha256.update(node);
            }
            node = sha256.digest();
            position >>>= 1;
        }
        return position == 0 && MessageDigest.isEqual(node, piecesRoot) ? Optional.of(base) : Optional.empty();
    }
}

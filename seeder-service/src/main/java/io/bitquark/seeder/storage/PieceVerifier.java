package io.bitquark.seeder.storage;

import io.bitquark.protocol.hash.MerkleTree;
import io.bitquark.protocol.metainfo.Metainfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Checks one piece read from disk against the torrent's hashes.
 *
 * <pre>
 * v1, hybrid  SHA-1(piece bytes, pad zeros included) == info.pieces[20 * piece ..]                BEP 3
 * v2-only     leaves = SHA-256 of each 16 KiB block of the piece's file bytes (the last one short)  BEP 52
 *             file of at most one piece: merkle root of the leaves, padded with zero hashes to a
 *                                        power of two, == the file's pieces root
 *             larger file:               root of the piece-sized subtree == piece layers[root][i]
 * </pre>
 */
final class PieceVerifier {

    /** Fills {@code dst} from byte {@code offset} of the piece space. */
    @FunctionalInterface
    interface Source {
        void read(long offset, ByteBuffer dst) throws IOException;
    }

    private static final int BLOCK = MerkleTree.BLOCK_SIZE;
    private static final byte[] ZERO_LEAF = MerkleTree.padHash(0);

    private final StorageLayout layout;
    private final Source source;
    /** v2-only: per data file, its pieces root (one piece) or piece layer (more), or null when it has none. */
    private final byte[][] expected;

    PieceVerifier(StorageLayout layout, Source source) {
        this.layout = layout;
        this.source = source;
        expected = new byte[layout.files().size()][];
        if (layout.v2Only()) {
            Metainfo m = layout.metainfo();
            for (StorageFile f : layout.files()) {
                byte[] root = f.file().piecesRoot();
                if (root != null) {
                    expected[f.index()] = f.length() <= m.pieceLength()
                            ? root
                            : m.pieceLayer(root).orElse(null);
                }
            }
        }
    }

    /**
     * Whether piece {@code piece} on disk matches its hash; false when it does not, or when its bytes cannot
     * be read (missing or short file). {@code scratch} is a read buffer of at least 16 KiB.
     */
    boolean verify(int piece, ByteBuffer scratch) {
        try {
            return layout.v2Only() ? verifyV2(piece, scratch) : verifyV1(piece, scratch);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean verifyV1(int piece, ByteBuffer scratch) throws IOException {
        MessageDigest sha1 = digest("SHA-1");
        long start = layout.pieceStart(piece);
        int length = layout.pieceLength(piece);
        for (int done = 0; done < length; ) {
            int n = Math.min(scratch.capacity(), length - done);
            fill(start + done, n, scratch);
            sha1.update(scratch);
            done += n;
        }
        return MessageDigest.isEqual(sha1.digest(), layout.metainfo().pieceHash(piece));
    }

    private boolean verifyV2(int piece, ByteBuffer scratch) throws IOException {
        long start = layout.pieceStart(piece);
        StorageFile file = layout.segmentFile(layout.segmentAt(start));
        if (file == null || expected[file.index()] == null) {
            return false;
        }
        int pieceLength = layout.nominalPieceLength();
        int pieceInFile = (int) ((start - file.offset()) / pieceLength);
        int data = (int) Math.min(pieceLength, file.length() - (long) pieceInFile * pieceLength);
        int blocks = (data + BLOCK - 1) / BLOCK;
        byte[] leaves = new byte[blocks * MerkleTree.HASH_SIZE];
        MessageDigest sha256 = MerkleTree.sha256();
        int chunk = Math.max(BLOCK, scratch.capacity() / BLOCK * BLOCK);
        int block = 0;
        for (int done = 0; done < data; ) {
            int n = Math.min(chunk, data - done);
            fill(start + done, n, scratch);
            for (int from = 0; from < n; from += BLOCK) {
                scratch.limit(Math.min(n, from + BLOCK)).position(from);
                sha256.update(scratch);
                digestInto(sha256, leaves, block++);
            }
            done += n;
        }
        byte[] want = expected[file.index()];
        if (file.length() <= pieceLength) {
            return MessageDigest.isEqual(MerkleTree.root(leaves, MerkleTree.nextPowerOfTwo(blocks), ZERO_LEAF), want);
        }
        byte[] subtree = MerkleTree.root(leaves, pieceLength / BLOCK, ZERO_LEAF);
        int at = pieceInFile * MerkleTree.HASH_SIZE;
        return at + MerkleTree.HASH_SIZE <= want.length
                && Arrays.equals(subtree, 0, MerkleTree.HASH_SIZE, want, at, at + MerkleTree.HASH_SIZE);
    }

    private void fill(long offset, int length, ByteBuffer scratch) throws IOException {
        scratch.clear().limit(length);
        source.read(offset, scratch);
        scratch.flip();
    }

    private static void digestInto(MessageDigest sha256, byte[] leaves, int block) {
        try {
            sha256.digest(leaves, block * MerkleTree.HASH_SIZE, MerkleTree.HASH_SIZE);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output", e);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the Java platform", e);
        }
    }
}

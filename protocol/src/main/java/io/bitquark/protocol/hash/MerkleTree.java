package io.bitquark.protocol.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The BEP 52 merkle tree primitive: SHA-256 over 16 KiB blocks, each parent the SHA-256 of its two
 * children concatenated, the leaf level padded with zero hashes up to a power of two.
 *
 * <pre>
 *                 root (pieces root)
 *               /                    \
 *        h(h0|h1)                    h(h2|pad)
 *        /      \                    /       \
 *      h0        h1               h2          pad = 32 zero bytes
 *   SHA-256    SHA-256          SHA-256
 *   block 0    block 1          block 2 (may be shorter than 16 KiB; hashed as it is)
 * </pre>
 *
 * <p>Hashes are passed concatenated in one array ({@code count * 32} bytes), which keeps large layers
 * free of per-hash objects.
 */
public final class MerkleTree {

    /** BEP 52 leaf block size: 16 KiB. */
    public static final int BLOCK_SIZE = 16 * 1024;
    /** SHA-256 output size. */
    public static final int HASH_SIZE = 32;

    private static final int MAX_LEVELS = 63;
    private static final byte[][] PAD_HASHES = new byte[MAX_LEVELS + 1][];

    static {
        PAD_HASHES[0] = new byte[HASH_SIZE];
        MessageDigest sha256 = sha256();
        for (int i = 1; i <= MAX_LEVELS; i++) {
            sha256.update(PAD_HASHES[i - 1]);
            sha256.update(PAD_HASHES[i - 1]);
            PAD_HASHES[i] = sha256.digest();
        }
    }

    private MerkleTree() {}

    /**
     * The hash of a perfect subtree of {@code 2^levels} zero leaves: level 0 is the zero leaf itself
     * (32 zero bytes), level 1 is {@code SHA-256(zero | zero)}, and so on.
     */
    public static byte[] padHash(int levels) {
        if (levels < 0 || levels > MAX_LEVELS) {
            throw new IllegalArgumentException("levels out of range: " + levels);
        }
        return PAD_HASHES[levels].clone();
    }

    /** {@link #padHash} without the copy, for this package's own use; never modify it. */
    static byte[] padHashShared(int levels) {
        return PAD_HASHES[levels];
    }

    /** The smallest power of two that is at least {@code n} (1 for n ≤ 1). */
    public static long nextPowerOfTwo(long n) {
        if (n <= 1) {
            return 1;
        }
        return Long.highestOneBit(n - 1) << 1;
    }

    /** Whether {@code n} is a positive power of two. */
    public static boolean isPowerOfTwo(long n) {
        return n > 0 && (n & (n - 1)) == 0;
    }

    /**
     * The root of a tree over {@code hashes} (concatenated, a multiple of 32 bytes), padded with
     * {@code padHash} up to {@code paddedCount} leaves. {@code paddedCount} must be a power of two
     * no smaller than the number of hashes.
     */
    public static byte[] root(byte[] hashes, long paddedCount, byte[] padHash) {
        if (hashes.length % HASH_SIZE != 0) {
            throw new IllegalArgumentException("hashes must be a multiple of 32 bytes, got " + hashes.length);
        }
        int count = hashes.length / HASH_SIZE;
        if (!isPowerOfTwo(paddedCount) || paddedCount < count) {
            throw new IllegalArgumentException("padded count " + paddedCount + " is not a power of two >= " + count);
        }
        if (padHash.length != HASH_SIZE) {
            throw new IllegalArgumentException("pad hash must be 32 bytes");
        }
        MessageDigest sha256 = sha256();
        byte[] level = hashes;
        int levelCount = count;
        byte[] pad = padHash;
        long width = paddedCount;
        if (count == 0) {
            level = pad.clone();
            levelCount = 1;
        }
        while (width > 1) {
            int parents = (levelCount + 1) / 2;
            byte[] next = new byte[parents * HASH_SIZE];
            for (int p = 0; p < parents; p++) {
                int left = 2 * p;
                sha256.update(level, left * HASH_SIZE, HASH_SIZE);
                if (left + 1 < levelCount) {
                    sha256.update(level, (left + 1) * HASH_SIZE, HASH_SIZE);
                } else {
                    sha256.update(pad);
                }
                byte[] digest = sha256.digest();
                System.arraycopy(digest, 0, next, p * HASH_SIZE, HASH_SIZE);
            }
            sha256.update(pad);
            sha256.update(pad);
            pad = sha256.digest();
            level = next;
            levelCount = parents;
            width >>= 1;
        }
        byte[] root = new byte[HASH_SIZE];
        System.arraycopy(level, 0, root, 0, HASH_SIZE);
        return root;
    }

    /**
     * The pieces root of a file from its BEP 52 piece layer: the layer's hashes (one per piece, each the
     * root of a piece-sized subtree) padded to a power of two with the hash of an all-zero piece subtree.
     */
    public static byte[] rootFromPieceLayer(byte[] pieceLayer, int pieceLength) {
        if (!isPowerOfTwo(pieceLength) || pieceLength < BLOCK_SIZE) {
            throw new IllegalArgumentException("piece length must be a power of two >= 16 KiB: " + pieceLength);
        }
        int levelsPerPiece = Integer.numberOfTrailingZeros(pieceLength / BLOCK_SIZE);
        long pieces = pieceLayer.length / HASH_SIZE;
        return root(pieceLayer, nextPowerOfTwo(pieces), PAD_HASHES[levelsPerPiece]);
    }

    /** A new SHA-256 digest; every JDK provides it. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}

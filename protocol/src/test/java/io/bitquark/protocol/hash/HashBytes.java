package io.bitquark.protocol.hash;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;

/** Content and the hashes the specifications define, computed the plain way: whole arrays, one digest call each. */
final class HashBytes {

    static final int KIB16 = 16 * 1024;

    private HashBytes() {}

    static byte[] random(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The v1 pieces string of {@code content}: SHA-1 of each piece, the last one shorter. */
    static byte[] sequentialV1(byte[] content, int pieceLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int from = 0; from < content.length; from += pieceLength) {
            out.writeBytes(sha1(Arrays.copyOfRange(content, from, Math.min(content.length, from + pieceLength))));
        }
        return out.toByteArray();
    }

    /** The BEP 52 leaves of {@code data}: SHA-256 of each 16 KiB block, the last one shorter. */
    static byte[] leaves(byte[] data) {
        ByteArrayOutputStream leaves = new ByteArrayOutputStream();
        for (int from = 0; from < data.length; from += KIB16) {
            leaves.writeBytes(sha256(Arrays.copyOfRange(data, from, Math.min(data.length, from + KIB16))));
        }
        return leaves.toByteArray();
    }

    /** The pieces root of a file: its leaves padded with zero hashes to a power of two. */
    static byte[] rootOverBlocks(byte[] data) {
        int blocks = (data.length + KIB16 - 1) / KIB16;
        return MerkleTree.root(leaves(data), MerkleTree.nextPowerOfTwo(blocks), new byte[32]);
    }

    static byte[] sha1(byte[] data) {
        return digest("SHA-1", data);
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

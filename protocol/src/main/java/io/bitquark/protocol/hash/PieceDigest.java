package io.bitquark.protocol.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash of one piece, computed as its bytes are fed in order, in chunks of any size: the v1 SHA-1 of the
 * piece (BEP 3), the BEP 52 merkle hash of its 16 KiB blocks, or both (hybrid). Nothing of the piece is
 * kept: memory is two digests and one hash per tree level, whatever the piece length.
 *
 * <pre>
 * bytes fed   |&lt;------------- data (file bytes) -------------&gt;|&lt;-- pad zeros (BEP 47) --&gt;|
 * v1          SHA-1 over all of them                                                        20 bytes
 * v2 leaves   SHA-256(block 0) SHA-256(block 1) ... SHA-256(last block, may be short)      data only
 * v2 hash     leaves folded pairwise as they complete; at the end padded with zero hashes:
 *               {@link #v2PieceHash}: to piece length / 16 KiB leaves  = the piece's entry in its file's piece layer
 *               {@link #v2FileRoot}:  to the next power of two          = the pieces root of a file of one piece
 * </pre>
 *
 * <p>{@link #reset(long)} starts a piece and says how many of its bytes are file data: bytes past that are
 * pad zeros, which v1 hashes and v2 leaves out (a v2 tree covers one file's bytes only). A finished digest
 * takes no more bytes until it is reset. Not thread-safe: one piece at a time, on one thread at a time.
 */
public final class PieceDigest {

    /** v1 piece hash size: SHA-1. */
    public static final int V1_HASH_SIZE = 20;

    private static final int BLOCK = MerkleTree.BLOCK_SIZE;
    private static final int HASH = MerkleTree.HASH_SIZE;
    /**
     * Subtrees the stack may hold: one per level of the largest v2 piece an int can measure (2^30 bytes,
     * levels 0 to 16), and one being folded in.
     */
    private static final int MAX_DEPTH = 32 - Integer.numberOfTrailingZeros(BLOCK) + 1;

    private final MessageDigest sha1;
    private final MessageDigest sha256;
    private final int pieceLength;
    private final int pieceLevels;
    /** Completed subtrees, largest first: their hashes, and the level of each (0 = leaf). */
    private final byte[] stack;

    private final int[] levels;
    private int depth;
    private int leaves;
    private int inBlock;
    private long fed;
    private long dataLength;
    private boolean finishedV1;
    private boolean finishedV2;

    private PieceDigest(boolean v1, boolean v2, int pieceLength) {
        this.sha1 = v1 ? digest("SHA-1") : null;
        this.sha256 = v2 ? MerkleTree.sha256() : null;
        this.pieceLength = pieceLength;
        this.pieceLevels = v2 ? Integer.numberOfTrailingZeros(pieceLength / BLOCK) : 0;
        this.stack = v2 ? new byte[MAX_DEPTH * HASH] : null;
        this.levels = v2 ? new int[MAX_DEPTH] : null;
        reset();
    }

    /** A v1 digest: the SHA-1 of every byte fed. */
    public static PieceDigest v1() {
        return new PieceDigest(true, false, 0);
    }

    /** A v2 digest for pieces of {@code pieceLength}, a power of two of at least 16 KiB (BEP 52). */
    public static PieceDigest v2(int pieceLength) {
        return new PieceDigest(false, true, checkV2PieceLength(pieceLength));
    }

    /** Both at once, over one pass of the bytes: what a hybrid torrent's pieces need. */
    public static PieceDigest hybrid(int pieceLength) {
        return new PieceDigest(true, true, checkV2PieceLength(pieceLength));
    }

    /** {@code pieceLength} if it is a BEP 52 piece length (a power of two of at least 16 KiB); else refused. */
    static int checkV2PieceLength(int pieceLength) {
        if (pieceLength < BLOCK || !MerkleTree.isPowerOfTwo(pieceLength)) {
            throw new IllegalArgumentException(
                    "a v2 piece length must be a power of two of at least 16 KiB: " + pieceLength);
        }
        return pieceLength;
    }

    public boolean hasV1() {
        return sha1 != null;
    }

    public boolean hasV2() {
        return sha256 != null;
    }

    /** Starts a new piece all of whose bytes are data. */
    public PieceDigest reset() {
        return reset(Long.MAX_VALUE);
    }

    /**
     * Starts a new piece whose first {@code dataLength} bytes are file data; v2 hashes only those, v1 every
     * byte fed.
     */
    public PieceDigest reset(long dataLength) {
        if (dataLength < 0) {
            throw new IllegalArgumentException("data length must not be negative: " + dataLength);
        }
        if (sha1 != null) {
            sha1.reset();
        }
        if (sha256 != null) {
            sha256.reset();
        }
        this.dataLength = dataLength;
        depth = 0;
        leaves = 0;
        inBlock = 0;
        fed = 0;
        finishedV1 = false;
        finishedV2 = false;
        return this;
    }

    /** Bytes fed since the last reset. */
    public long length() {
        return fed;
    }

    /** Feeds the remaining bytes of {@code src}, the next bytes of the piece; {@code src} ends up consumed. */
    public void update(ByteBuffer src) {
        checkOpen();
        int n = src.remaining();
        int data = dataBytes(n);
        int position = src.position();
        int limit = src.limit();
        if (data > 0) {
            src.limit(position + data);
            while (src.hasRemaining()) {
                int take = Math.min(src.remaining(), BLOCK - inBlock);
                int end = src.limit();
                src.limit(src.position() + take);
                sha256.update(src);
                src.limit(end);
                block(take);
            }
            src.limit(limit).position(position);
        }
        if (sha1 != null) {
            sha1.update(src);
        } else {
            src.position(limit);
        }
        fed += n;
    }

    /** Feeds {@code length} bytes of {@code data} from {@code offset}, the next bytes of the piece. */
    public void update(byte[] data, int offset, int length) {
        checkOpen();
        if (offset < 0 || length < 0 || length > data.length - offset) {
            throw new IndexOutOfBoundsException(
                    "bytes " + offset + "+" + length + " outside an array of " + data.length);
        }
        int forV2 = dataBytes(length);
        for (int at = offset, end = offset + forV2; at < end; ) {
            int take = Math.min(end - at, BLOCK - inBlock);
            sha256.update(data, at, take);
            block(take);
            at += take;
        }
        if (sha1 != null) {
            sha1.update(data, offset, length);
        }
        fed += length;
    }

    /**
     * Feeds {@code length} bytes of {@code source} from {@code offset}, read through {@code buffer} (any
     * capacity; a whole piece never needs to fit in it).
     */
    public void update(PieceSource source, long offset, long length, ByteBuffer buffer) throws IOException {
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(buffer.capacity(), length - done);
            buffer.clear().limit(n);
            source.read(offset + done, buffer);
            if (buffer.hasRemaining()) {
                throw new IllegalStateException("the source left " + buffer.remaining() + " of " + n + " bytes unread");
            }
            buffer.flip();
            update(buffer);
            done += n;
        }
    }

    /** The piece's SHA-1, into {@code out} from {@code offset}; finishes the v1 side. */
    public void v1Hash(byte[] out, int offset) {
        if (sha1 == null || finishedV1) {
            throw new IllegalStateException(sha1 == null ? "not a v1 digest" : "the v1 hash was already taken");
        }
        finishedV1 = true;
        digestInto(sha1, out, offset, V1_HASH_SIZE);
    }

    /** The piece's SHA-1; finishes the v1 side. */
    public byte[] v1Hash() {
        byte[] out = new byte[V1_HASH_SIZE];
        v1Hash(out, 0);
        return out;
    }

    /**
     * The root of the piece's subtree, its leaves padded with zero hashes up to piece length / 16 KiB (BEP 52:
     * the piece's hash in its file's piece layer), into {@code out} from {@code offset}; finishes the v2 side.
     */
    public void v2PieceHash(byte[] out, int offset) {
        rootInto(pieceLevels, out, offset);
    }

    public byte[] v2PieceHash() {
        byte[] out = new byte[HASH];
        v2PieceHash(out, 0);
        return out;
    }

    /**
     * The root over the leaves padded with zero hashes up to the next power of two (BEP 52: the pieces root of
     * a file that fits in this one piece), into {@code out} from {@code offset}; finishes the v2 side.
     */
    public void v2FileRoot(byte[] out, int offset) {
        closeLastBlock();
        rootInto(Long.numberOfTrailingZeros(MerkleTree.nextPowerOfTwo(leaves)), out, offset);
    }

    public byte[] v2FileRoot() {
        byte[] out = new byte[HASH];
        v2FileRoot(out, 0);
        return out;
    }

    /** How many of the next {@code n} bytes are data for the v2 tree. */
    private int dataBytes(int n) {
        if (sha256 == null || fed >= dataLength) {
            return 0;
        }
        int data = (int) Math.min(n, dataLength - fed);
        if (fed + data > pieceLength) {
            throw new IllegalStateException("more than one piece of " + pieceLength + " bytes fed to a v2 digest");
        }
        return data;
    }

    /** {@code n} more bytes of the current block went to SHA-256. */
    private void block(int n) {
        inBlock += n;
        if (inBlock == BLOCK) {
            leaf();
        }
    }

    private void closeLastBlock() {
        if (inBlock > 0) {
            leaf();
        }
    }

    private void leaf() {
        digestInto(sha256, stack, depth * HASH, HASH);
        levels[depth++] = 0;
        leaves++;
        inBlock = 0;
        fold();
    }

    /** Combines the two top subtrees while they are the same size: h(left | right), one level up. */
    private void fold() {
        while (depth >= 2 && levels[depth - 1] == levels[depth - 2]) {
            int left = (depth - 2) * HASH;
            sha256.update(stack, left, 2 * HASH);
            digestInto(sha256, stack, left, HASH);
            levels[depth - 2]++;
            depth--;
        }
    }

    private void rootInto(int rootLevel, byte[] out, int offset) {
        if (sha256 == null || finishedV2) {
            throw new IllegalStateException(sha256 == null ? "not a v2 digest" : "the v2 hash was already taken");
        }
        finishedV2 = true;
        closeLastBlock();
        if (leaves == 0) {
            System.arraycopy(MerkleTree.padHashShared(rootLevel), 0, out, offset, HASH);
            return;
        }
        while (depth > 1 || levels[0] < rootLevel) {
            int level = levels[depth - 1];
            System.arraycopy(MerkleTree.padHashShared(level), 0, stack, depth * HASH, HASH);
            levels[depth++] = level;
            fold();
        }
        System.arraycopy(stack, 0, out, offset, HASH);
    }

    private void checkOpen() {
        if (finishedV1 || finishedV2) {
            throw new IllegalStateException("the piece's hash was taken: reset the digest before feeding it");
        }
    }

    private static void digestInto(MessageDigest digest, byte[] out, int offset, int length) {
        try {
            digest.digest(out, offset, length);
        } catch (DigestException e) {
            throw new IllegalStateException(digest.getAlgorithm() + " refused a " + length + "-byte output", e);
        }
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the Java platform", e);
        }
    }
}

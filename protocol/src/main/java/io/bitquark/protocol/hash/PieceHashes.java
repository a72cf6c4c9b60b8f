package io.bitquark.protocol.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What each piece of a torrent must hash to, and where it lies: the check of a piece's bytes against the
 * torrent, for a hash check of data on disk and for pieces downloaded block by block.
 *
 * <pre>
 * v1 (and hybrid)  SHA-1(piece bytes, pad zeros included) == pieces[20 * i ..]                     BEP 3
 * v2               leaves = SHA-256 of each 16 KiB block of the piece's file bytes (the last short) BEP 52
 *                  file of at most one piece: leaves padded to a power of two   == its pieces root
 *                  larger file:               leaves padded to a piece's worth  == piece layers[root][i]
 *                                             (no piece layer: the piece cannot be checked, so it fails)
 * </pre>
 *
 * <p>Pieces are cut from the piece space (files in order, pad files as zeros) at multiples of the piece
 * length; the last one may be shorter. In a v2 piece space every file starts on a piece, so a piece holds the
 * bytes of one file followed by pad. Build it from a parsed torrent with {@code Metainfo.pieceHashes()}.
 * Immutable and safe to share between threads.
 */
public final class PieceHashes {

    private final int pieceLength;
    private final long totalLength;
    private final int pieceCount;
    /** v1: the concatenated SHA-1s; null for v2. */
    private final byte[] v1;
    /** v2: per file in order, its first piece, its length, and its pieces root or piece layer (or null). */
    private final int[] firstPiece;

    private final long[] fileLength;
    private final byte[][] expected;

    private PieceHashes(
            int pieceLength, long totalLength, byte[] v1, int[] firstPiece, long[] fileLength, byte[][] expected) {
        this.pieceLength = pieceLength;
        this.totalLength = totalLength;
        this.pieceCount = pieceCount(totalLength, pieceLength);
        this.v1 = v1;
        this.firstPiece = firstPiece;
        this.fileLength = fileLength;
        this.expected = expected;
    }

    /**
     * A v1 torrent's hashes (also what a hybrid's pieces are checked with): {@code pieces} holds the 20-byte
     * SHA-1 of each piece of a piece space of {@code totalLength} bytes.
     */
    public static PieceHashes v1(int pieceLength, long totalLength, byte[] pieces) {
        if (pieceLength < 1 || totalLength < 0) {
            throw new IllegalArgumentException("piece length " + pieceLength + ", total length " + totalLength);
        }
        int count = pieceCount(totalLength, pieceLength);
        if (pieces.length != (long) count * PieceDigest.V1_HASH_SIZE) {
            throw new IllegalArgumentException(count + " pieces need " + (long) count * PieceDigest.V1_HASH_SIZE
                    + " bytes of v1 hashes, got " + pieces.length);
        }
        return new PieceHashes(pieceLength, totalLength, pieces.clone(), null, null, null);
    }

    /** A v2-only torrent's hashes, over a piece space of {@code totalLength} bytes; add its files in order. */
    public static V2Builder v2(int pieceLength, long totalLength) {
        return new V2Builder(PieceDigest.checkV2PieceLength(pieceLength), totalLength);
    }

    public boolean isV2() {
        return v1 == null;
    }

    /** The nominal piece length ({@code piece length}). */
    public int pieceLength() {
        return pieceLength;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** The bytes of the piece space, pad zeros included. */
    public long totalLength() {
        return totalLength;
    }

    /** Where piece {@code piece} starts in the piece space. */
    public long pieceStart(int piece) {
        checkPiece(piece);
        return (long) piece * pieceLength;
    }

    /** The bytes of piece {@code piece}: the piece length, or less for the last piece. */
    public int pieceSize(int piece) {
        return (int) Math.min(pieceLength, totalLength - pieceStart(piece));
    }

    /**
     * The bytes of piece {@code piece} its hash covers from its start: all of them for v1; for v2 the bytes of
     * its file, the pad after them left out (0 when the piece holds no file).
     */
    public int dataLength(int piece) {
        int size = pieceSize(piece);
        if (v1 != null) {
            return size;
        }
        int f = fileAt(piece);
        if (f < 0) {
            return 0;
        }
        long offsetInFile = (long) (piece - firstPiece[f]) * pieceLength;
        return (int) Math.min(size, fileLength[f] - offsetInFile);
    }

    /**
     * A new digest for piece {@code piece}: feed it the piece's bytes in order (for v2 its first
     * {@link #dataLength} bytes at least; pad bytes after them are ignored), then ask {@link #matches}.
     */
    public PieceDigest digest(int piece) {
        return begin(newDigest(), piece);
    }

    /**
     * Whether {@code digest}, fed piece {@code piece}'s bytes, matches the torrent: false also when it was fed
     * too few or too many of them, or when the piece cannot be checked (a v2 file without its piece layer).
     * Finishes the digest.
     */
    public boolean matches(int piece, PieceDigest digest) {
        int size = pieceSize(piece);
        if (v1 != null) {
            if (!digest.hasV1()) {
                throw new IllegalArgumentException("a v1 torrent's pieces need a v1 digest");
            }
            int at = piece * PieceDigest.V1_HASH_SIZE;
            return digest.length() == size
                    && Arrays.equals(
                            digest.v1Hash(), 0, PieceDigest.V1_HASH_SIZE, v1, at, at + PieceDigest.V1_HASH_SIZE);
        }
        if (!digest.hasV2()) {
            throw new IllegalArgumentException("a v2 torrent's pieces need a v2 digest");
        }
        int f = fileAt(piece);
        if (f < 0 || expected[f] == null || digest.length() < dataLength(piece) || digest.length() > size) {
            return false;
        }
        byte[] want = expected[f];
        if (fileLength[f] <= pieceLength) {
            return Arrays.equals(digest.v2FileRoot(), want);
        }
        int at = (piece - firstPiece[f]) * MerkleTree.HASH_SIZE;
        return Arrays.equals(digest.v2PieceHash(), 0, MerkleTree.HASH_SIZE, want, at, at + MerkleTree.HASH_SIZE);
    }

    /**
     * Reads piece {@code piece} from {@code source} through {@code scratch} (a buffer of any size) and says
     * whether it matches.
     *
     * @throws IOException when its bytes cannot be read
     */
    public boolean verify(int piece, PieceSource source, ByteBuffer scratch) throws IOException {
        PieceDigest digest = digest(piece);
        digest.update(source, pieceStart(piece), dataLength(piece), scratch);
        return matches(piece, digest);
    }

    PieceDigest newDigest() {
        return v1 != null ? PieceDigest.v1() : PieceDigest.v2(pieceLength);
    }

    PieceDigest begin(PieceDigest digest, int piece) {
        return digest.reset(dataLength(piece));
    }

    /** The file holding piece {@code piece}, or -1. */
    private int fileAt(int piece) {
        int i = Arrays.binarySearch(firstPiece, piece);
        int f = i >= 0 ? i : -i - 2;
        if (f < 0 || (long) (piece - firstPiece[f]) * pieceLength >= fileLength[f]) {
            return -1;
        }
        return f;
    }

    private void checkPiece(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
        }
    }

    private static int pieceCount(long totalLength, int pieceLength) {
        long count = totalLength / pieceLength + (totalLength % pieceLength == 0 ? 0 : 1);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(count + " pieces is too many; use a larger piece length");
        }
        return (int) count;
    }

    /** Collects a v2 torrent's files, in piece-space order. */
    public static final class V2Builder {
        private final int pieceLength;
        private final long totalLength;
        private int[] firstPiece = new int[8];
        private long[] lengths = new long[8];
        private byte[][] expected = new byte[8][];
        private int count;
        private long end;

        private V2Builder(int pieceLength, long totalLength) {
            if (totalLength < 0) {
                throw new IllegalArgumentException("total length must not be negative: " + totalLength);
            }
            this.pieceLength = pieceLength;
            this.totalLength = totalLength;
        }

        /**
         * A file of {@code length} bytes (more than 0) at {@code offset}, a piece boundary after the previous
         * file, with its 32-byte {@code piecesRoot} and, when it is larger than one piece, its piece layer
         * (32 bytes per piece), or null when the torrent carries none.
         */
        public V2Builder file(long offset, long length, byte[] piecesRoot, byte[] pieceLayer) {
            if (length < 1 || offset < end || offset % pieceLength != 0 || offset + length > totalLength) {
                throw new IllegalArgumentException("a v2 file of " + length + " bytes at " + offset
                        + " must start on a piece after the previous file and end within " + totalLength + " bytes");
            }
            if (piecesRoot.length != MerkleTree.HASH_SIZE) {
                throw new IllegalArgumentException("a pieces root is 32 bytes, got " + piecesRoot.length);
            }
            long pieces = pieceCount(length, pieceLength);
            if (pieceLayer != null && length > pieceLength && pieceLayer.length != pieces * MerkleTree.HASH_SIZE) {
                throw new IllegalArgumentException("a file of " + pieces + " pieces has a piece layer of "
                        + pieces * MerkleTree.HASH_SIZE + " bytes, got " + pieceLayer.length);
            }
            if (count == firstPiece.length) {
                firstPiece = Arrays.copyOf(firstPiece, 2 * count);
                lengths = Arrays.copyOf(lengths, 2 * count);
                expected = Arrays.copyOf(expected, 2 * count);
            }
            firstPiece[count] = (int) (offset / pieceLength);
            lengths[count] = length;
            expected[count] =
                    length <= pieceLength ? piecesRoot.clone() : pieceLayer == null ? null : pieceLayer.clone();
            count++;
            end = offset + length;
            return this;
        }

        public PieceHashes build() {
            return new PieceHashes(
                    pieceLength,
                    totalLength,
                    null,
                    Arrays.copyOf(firstPiece, count),
                    Arrays.copyOf(lengths, count),
                    Arrays.copyOf(expected, count));
        }
    }
}

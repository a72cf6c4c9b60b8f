package io.bitquark.metainfo.upload;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * BEP 3 v1 piece hashes of content as it streams past: SHA-1 of each {@code pieceLength} bytes, pieces
 * running on across file boundaries, the last piece shorter. Fed the files of a torrent in torrent order,
 * it yields the {@code pieces} string {@code PieceHasher.hashV1} would give after reading them from disk.
 *
 * <pre>
 * pieces = SHA-1(bytes 0 … L−1) | SHA-1(bytes L … 2L−1) | … | SHA-1(last, shorter piece)
 * </pre>
 */
public final class StreamingV1Hasher {

    private final int pieceLength;
    private final MessageDigest sha1;
    private final ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    private int inPiece;
    private long bytes;

    public StreamingV1Hasher(int pieceLength) {
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length must be positive: " + pieceLength);
        }
        this.pieceLength = pieceLength;
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }

    public int pieceLength() {
        return pieceLength;
    }

    /** Bytes hashed so far. */
    public long bytes() {
        return bytes;
    }

    public void update(byte[] data, int offset, int length) {
        int off = offset;
        int left = length;
        while (left > 0) {
            int n = Math.min(left, pieceLength - inPiece);
            sha1.update(data, off, n);
            inPiece += n;
            off += n;
            left -= n;
            bytes += n;
            if (inPiece == pieceLength) {
                pieces.writeBytes(sha1.digest());
                inPiece = 0;
            }
        }
    }

    /** The {@code pieces} string: the hash of every piece, the last partial one included. */
    public byte[] finish() {
        if (inPiece > 0) {
            pieces.writeBytes(sha1.digest());
            inPiece = 0;
        }
        return pieces.toByteArray();
    }
}

package io.bitquark.protocol.peer.mse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-1 digests of Message Stream Encryption, {@code HASH(...)} being SHA-1 over the concatenation:
 *
 * <pre>
 * HASH('req1', S)                         sync marker the initiator sends after PadA
 * HASH('req2', SKEY) xor HASH('req3', S)  names the torrent (SKEY = its 20-byte handshake info-hash)
 * HASH('keyA', S, SKEY)                   RC4 key of the initiator's stream (A to B)
 * HASH('keyB', S, SKEY)                   RC4 key of the receiver's stream (B to A)
 * </pre>
 *
 * <p>S is the Diffie-Hellman shared secret as 96 big-endian bytes ({@link MseKeyPair}).
 */
public final class MseHashes {

    public static final int LENGTH = 20;

    private MseHashes() {}

    public static byte[] req1(byte[] secret) {
        return hash("req1", secret, new byte[0]);
    }

    /** {@code HASH('req2', SKEY)}: what a receiver precomputes for each torrent it serves. */
    public static byte[] req2(byte[] skey) {
        return hash("req2", skey, new byte[0]);
    }

    public static byte[] req3(byte[] secret) {
        return hash("req3", secret, new byte[0]);
    }

    /** The RC4 key of the initiator's stream. */
    public static byte[] keyA(byte[] secret, byte[] skey) {
        return hash("keyA", secret, skey);
    }

    /** The RC4 key of the receiver's stream. */
    public static byte[] keyB(byte[] secret, byte[] skey) {
        return hash("keyB", secret, skey);
    }

    /** {@code a xor b}, two arrays of the same length. */
    public static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (byte) (a[k] ^ b[k]);
        }
        return out;
    }

    private static byte[] hash(String label, byte[] first, byte[] second) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(label.getBytes(StandardCharsets.US_ASCII));
            sha1.update(first);
            sha1.update(second);
            return sha1.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}

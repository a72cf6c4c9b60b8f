package io.bitquark.protocol.peer.mse;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One side's Diffie-Hellman key of Message Stream Encryption: the specification's 768-bit safe prime P,
 * generator G = 2, a 160-bit random private key X, public key Y = G^X mod P.
 * Public keys and the shared secret S = Y_other^X mod P travel as 96 big-endian bytes, zero-padded on the left.
 */
public final class MseKeyPair {

    /** Bytes of a public key (Ya, Yb) or of the shared secret S. */
    public static final int KEY_LENGTH = 96;

    static final BigInteger P = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3"
                    + "CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A36210000000000090563",
            16);
    static final BigInteger G = BigInteger.TWO;
    private static final int PRIVATE_KEY_BITS = 160;

    private final BigInteger privateKey;
    private final byte[] publicKey;

    MseKeyPair(BigInteger privateKey) {
        this.privateKey = privateKey;
        this.publicKey = toBytes(G.modPow(privateKey, P));
    }

    /** A fresh key pair with a random non-zero 160-bit private key. */
    public static MseKeyPair generate(SecureRandom random) {
        BigInteger x;
        do {
            x = new BigInteger(PRIVATE_KEY_BITS, random);
        } while (x.signum() == 0);
        return new MseKeyPair(x);
    }

    /** Y as 96 bytes. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * S = otherPublicKey^X mod P as 96 bytes.
     *
     * @throws MseException if the other key is outside [2, P-2]: 0, 1 and P-1 would make S guessable
     */
    public byte[] sharedSecret(byte[] otherPublicKey) throws MseException {
        BigInteger y = new BigInteger(1, otherPublicKey);
        if (y.compareTo(BigInteger.TWO) < 0 || y.compareTo(P.subtract(BigInteger.TWO)) > 0) {
            throw new MseException(MseException.Failure.BAD_PUBLIC_KEY, "public key out of range");
        }
        return toBytes(y.modPow(privateKey, P));
    }

    static byte[] toBytes(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[KEY_LENGTH];
        int n = Math.min(raw.length, KEY_LENGTH);
        System.arraycopy(raw, raw.length - n, out, KEY_LENGTH - n, n);
        return out;
    }

    @Override
    public String toString() {
        return "MseKeyPair[Y=" + HexFormat.of().formatHex(publicKey, 0, 8) + "...]";
    }
}

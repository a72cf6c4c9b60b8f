package io.bitquark.protocol.peer.mse;

/**
 * The RC4 stream cipher as Message Stream Encryption uses it: keyed with a 20-byte SHA-1 digest (keyA or keyB,
 * see {@link MseHashes}), with the first 1024 bytes of keystream discarded. One instance is one direction of
 * one connection: encryption and decryption are the same operation, applied to consecutive stream bytes.
 */
public final class Rc4 {

    /** Keystream bytes MSE throws away before the first byte it encrypts. */
    public static final int MSE_DISCARD = 1024;

    private final byte[] state = new byte[256];
    private int i;
    private int j;

    /** Plain RC4 keyed with {@code key} (1 to 256 bytes), nothing discarded. */
    public Rc4(byte[] key) {
        if (key.length == 0 || key.length > 256) {
            throw new IllegalArgumentException("RC4 key of " + key.length + " bytes");
        }
        for (int k = 0; k < 256; k++) {
            state[k] = (byte) k;
        }
        int m = 0;
        for (int k = 0; k < 256; k++) {
            m = (m + (state[k] & 0xff) + (key[k % key.length] & 0xff)) & 0xff;
            swap(k, m);
        }
    }

    /** RC4 keyed with {@code key} and advanced past the first {@link #MSE_DISCARD} keystream bytes. */
    public static Rc4 forMse(byte[] key) {
        Rc4 rc4 = new Rc4(key);
        rc4.crypt(new byte[MSE_DISCARD], 0, MSE_DISCARD);
        return rc4;
    }

    /** XORs {@code length} bytes of {@code bytes} from {@code offset} with the next keystream bytes, in place. */
    public void crypt(byte[] bytes, int offset, int length) {
        for (int k = offset; k < offset + length; k++) {
            i = (i + 1) & 0xff;
            j = (j + (state[i] & 0xff)) & 0xff;
            swap(i, j);
            bytes[k] ^= state[((state[i] & 0xff) + (state[j] & 0xff)) & 0xff];
        }
    }

    /**
     * XORs the remaining bytes of {@code buffer} with the next keystream bytes, in place; its position and limit
     * stay as they were.
     */
    public void crypt(java.nio.ByteBuffer buffer) {
        if (buffer.hasArray()) {
            crypt(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            return;
        }
        for (int k = buffer.position(); k < buffer.limit(); k++) {
            i = (i + 1) & 0xff;
            j = (j + (state[i] & 0xff)) & 0xff;
            swap(i, j);
            buffer.put(k, (byte) (buffer.get(k) ^ state[((state[i] & 0xff) + (state[j] & 0xff)) & 0xff]));
        }
    }

    /** A copy of {@code bytes}, encrypted (or decrypted) with the next keystream bytes. */
    public byte[] crypt(byte[] bytes) {
        byte[] out = bytes.clone();
        crypt(out, 0, out.length);
        return out;
    }

    private void swap(int a, int b) {
        byte t = state[a];
        state[a] = state[b];
        state[b] = t;
    }
}

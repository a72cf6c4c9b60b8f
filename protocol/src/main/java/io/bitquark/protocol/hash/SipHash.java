package io.bitquark.protocol.hash;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit hash, fast on short inputs and safe against
 * an attacker who picks the inputs but does not know the key. Trackers use it where a client's bytes pick
 * a value that must not be forgeable: UDP connection ids (BEP 15) and peer identities.
 *
 * <p>Allocation-free: the 128-bit key is two {@code long}s, read little-endian from 16 bytes as the
 * reference implementation does.
 */
public final class SipHash {

    private final long k0;
    private final long k1;

    /** A hash keyed by 16 bytes (little-endian {@code k0 || k1}, as in the reference implementation). */
    public SipHash(byte[] key) {
        if (key.length != 16) {
            throw new IllegalArgumentException("a SipHash key is 16 bytes");
        }
        this.k0 = littleEndian(key, 0, 8);
        this.k1 = littleEndian(key, 8, 8);
    }

    /** The hash of {@code length} bytes of {@code data} from {@code offset}. */
    public long hash(byte[] data, int offset, int length) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int words = length >>> 3;
        // every 8-byte word, then the last word (the remaining bytes and the length), gets 2 compression
        // rounds; one more step of 4 rounds finalises
        for (int step = 0; step <= words + 1; step++) {
            long m = 0;
            int rounds = 2;
            if (step < words) {
                m = littleEndian(data, offset + 8 * step, 8);
            } else if (step == words) {
                m = ((long) length << 56) | littleEndian(data, offset + 8 * words, length & 7);
            } else {
                v2 ^= 0xff;
                rounds = 4;
            }
            v3 ^= m;
            for (int r = 0; r < rounds; r++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13) ^ v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16) ^ v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21) ^ v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17) ^ v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** The hash of all of {@code data}. */
    public long hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    private static long littleEndian(byte[] data, int offset, int count) {
        long v = 0;
        for (int i = count - 1; i >= 0; i--) {
            v = (v << 8) | (data[offset + i] & 0xffL);
        }
        return v;
    }
}

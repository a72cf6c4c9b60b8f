package io.bitquark.protocol.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * SipHash-2-4 with 64-bit output (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): a keyed
 * pseudo-random function for short messages, cheap enough to run once per packet. It serves as a MAC where
 * a 32- or 64-bit tag is enough (UDP connection ids) and as a hash that a client cannot steer into
 * collisions (peer identities).
 *
 * <p>The 128-bit key is two longs, {@code k0} and {@code k1}: the little-endian words of the reference
 * implementation's 16-byte key ({@link #k0(byte[])}, {@link #k1(byte[])}). The result is the reference
 * implementation's 8 output bytes read as a little-endian long. Nothing here allocates: the message is read
 * in place from an array or a buffer (heap or direct, at absolute indices, whatever its byte order), and
 * two fixed-width forms take a short header as an int or the whole message as a long, so that callers need
 * not assemble a message array.
 */
public final class SipHash {

    /** Key length in bytes. */
    public static final int KEY_SIZE = 16;

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BUFFER_LONG_LE =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];

    private SipHash() {}

    /** The first key word: bytes 0..7 of a 16-byte key, little-endian. */
    public static long k0(byte[] key) {
        checkKey(key);
        return (long) LONG_LE.get(key, 0);
    }

    /** The second key word: bytes 8..15 of a 16-byte key, little-endian. */
    public static long k1(byte[] key) {
        checkKey(key);
        return (long) LONG_LE.get(key, 8);
    }

    /** SipHash-2-4 of {@code data} under a 16-byte key. */
    public static long hash(byte[] key, byte[] data) {
        return hash(k0(key), k1(key), data, 0, data.length);
    }

    /** SipHash-2-4 of {@code data}. */
    public static long hash(long k0, long k1, byte[] data) {
        return hash(k0, k1, data, 0, data.length);
    }

    /** SipHash-2-4 of {@code data[off, off + len)}. */
    public static long hash(long k0, long k1, byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        return hash(k0, k1, 0, 0, data, null, off, len);
    }

    /**
     * SipHash-2-4 of the buffer's bytes at absolute indices {@code [off, off + len)}. The buffer's position,
     * limit and byte order are neither used nor changed.
     */
    public static long hash(long k0, long k1, ByteBuffer data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.limit());
        return hash(k0, k1, 0, 0, null, data, off, len);
    }

    /**
     * SipHash-2-4 of the 4 bytes of {@code prefix} (big-endian, network order) followed by
     * {@code data[off, off + len)}: the same as hashing the concatenated array, without building it.
     */
    public static long hashPrefixed(long k0, long k1, int prefix, byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        return hash(k0, k1, Integer.BYTES, prefixWord(prefix), data, null, off, len);
    }

    /** As {@link #hashPrefixed(long, long, int, byte[], int, int)}, reading the buffer at absolute indices. */
    public static long hashPrefixed(long k0, long k1, int prefix, ByteBuffer data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.limit());
        return hash(k0, k1, Integer.BYTES, prefixWord(prefix), null, data, off, len);
    }

    /** SipHash-2-4 of the 8 bytes of {@code value}, big-endian (as {@link ByteBuffer#putLong} writes them). */
    public static long hashLong(long k0, long k1, long value) {
        return hash(k0, k1, Long.BYTES, Long.reverseBytes(value), EMPTY, null, 0, 0);
    }

    /**
     * The core. The message is {@code headLength} (0..8) bytes held little-endian in {@code head} (message
     * byte 0 in its low byte) followed by {@code len} bytes of exactly one of {@code array} or
     * {@code buffer} from {@code off}.
     */
    private static long hash(
            long k0, long k1, int headLength, long head, byte[] array, ByteBuffer buffer, int off, int len) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        long length = headLength + (long) len;
        long fullWords = length >>> 3;
        // every word gets 2 compression rounds; one step more, with no word, is the 4 finalisation rounds
        for (long w = 0; w <= fullWords + 1; w++) {
            long from = w << 3;
            long m;
            int rounds = 2;
            if (w == fullWords + 1) {
                m = 0;
                v2 ^= 0xff;
                rounds = 4;
            } else if (w == fullWords) {
                // the last word: the message's remaining 0..7 bytes, its length mod 256 in the top byte
                m = bytes(headLength, head, array, buffer, off, from, (int) (length - from)) | (length << 56);
            } else if (headLength == Long.BYTES && from == 0) {
                m = head;
            } else if (from >= headLength) {
                int at = off + (int) (from - headLength);
                m = array != null ? (long) LONG_LE.get(array, at) : (long) BUFFER_LONG_LE.get(buffer, at);
            } else {
                m = bytes(headLength, head, array, buffer, off, from, 8);
            }
            v3 ^= m;
            for (int r = 0; r < rounds; r++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13);
                v1 ^= v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16);
                v3 ^= v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21);
                v3 ^= v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17);
                v1 ^= v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** Message bytes {@code [from, from + count)}, count at most 8, as a little-endian word. */
    private static long bytes(
            int headLength, long head, byte[] array, ByteBuffer buffer, int off, long from, int count) {
        long word = 0;
        for (int i = 0; i < count; i++) {
            long index = from + i;
            long b;
            if (index < headLength) {
                b = head >>> (index << 3);
            } else {
                int at = off + (int) (index - headLength);
                b = array != null ? array[at] : buffer.get(at);
            }
            word |= (b & 0xff) << (i << 3);
        }
        return word;
    }

    /** The 4 big-endian bytes of {@code prefix} as the low half of a little-endian word. */
    private static long prefixWord(int prefix) {
        return Integer.reverseBytes(prefix) & 0xffffffffL;
    }

    private static void checkKey(byte[] key) {
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException("a SipHash key is " + KEY_SIZE + " bytes, got " + key.length);
        }
    }
}

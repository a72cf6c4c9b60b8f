package io.bitquark.protocol.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SipHash-2-4, 64-bit output. The spec test is the reference implementation's {@code vectors_sip64}: key
 * {@code 00 01 .. 0f}, and for each length n from 0 to 63 the message {@code 00 01 .. (n-1)}.
 */
class SipHashTest {

    /** vectors_sip64 of the reference implementation (vectors.h), output bytes as printed there. */
    static final String[] VECTORS = {
        "310e0edd47db6f72", "fd67dc93c539f874", "5a4fa9d909806c0d", "2d7efbd796666785",
        "b7877127e09427cf", "8da699cd64557618", "cee3fe586e46c9cb", "37d1018bf50002ab",
        "6224939a79f5f593", "b0e4a90bdf82009e", "f3b9dd94c5bb5d7a", "a7ad6b22462fb3f4",
        "fbe50e86bc8f1e75", "903d84c02756ea14", "eef27a8e90ca23f7", "e545be4961ca29a1",
        "db9bc2577fcc2a3f", "9447be2cf5e99a69", "9cd38d96f0b3c14b", "bd6179a71dc96dbb",
        "98eea21af25cd6be", "c7673b2eb0cbf2d0", "883ea3e395675393", "c8ce5ccd8c030ca8",
        "94af49f6c650adb8", "eab8858ade92e1bc", "f315bb5bb835d817", "adcf6b0763612e2f",
        "a5c91da7acaa4dde", "716595876650a2a6", "28ef495c53a387ad", "42c341d8fa92d832",
        "ce7cf2722f512771", "e37859f94623f3a7", "381205bb1ab0e012", "ae97a10fd434e015",
        "b4a31508beff4d31", "81396229f0907902", "4d0cf49ee5d4dcca", "5c73336a76d8bf9a",
        "d0a704536ba93e0e", "925958fcd6420cad", "a915c29bc8067318", "952b79f3bc0aa6d4",
        "f21df2e41d4535f9", "87577519048f53a9", "10a56cf5dfcd9adb", "eb75095ccd986cd0",
        "51a9cb9ecba312e6", "96afadfc2ce666c7", "72fe52975a4364ee", "5a1645b276d592a1",
        "b274cb8ebf87870a", "6f9bb4203de7b381", "eaecb2a30b22a87f", "9924a43cc1315724",
        "bd838d3aafbf8db7", "0b1a2a3265d51aea", "135079a3231ce660", "932b2846e4d70666",
        "e1915f5cb1eca46c", "f325965ca16d629f", "575ff28e60381be5", "724506eb4c328a95"
    };

    static final byte[] KEY = sequence(16);
    static final long K0 = SipHash.k0(KEY);
    static final long K1 = SipHash.k1(KEY);

    @Test
    void theReferenceVectorsForEveryLengthFrom0To63() {
        for (int n = 0; n < VECTORS.length; n++) {
            assertThat(littleEndianHex(SipHash.hash(KEY, sequence(n))))
                    .as("message 00..%02x (%d bytes)", n - 1, n)
                    .isEqualTo(VECTORS[n]);
        }
    }

    @Test
    void thePapersExample() {
        // Appendix A: key 00..0f, message 00..0e (15 bytes)
        assertThat(SipHash.hash(K0, K1, sequence(15))).isEqualTo(0xa129ca6149be45e5L);
        assertThat(K0).isEqualTo(0x0706050403020100L);
        assertThat(K1).isEqualTo(0x0f0e0d0c0b0a0908L);
    }

    @Test
    void aSliceOfAnArrayHashesLikeTheSliceAlone() {
        byte[] padded = new byte[3 + 63 + 5];
        new Random(1).nextBytes(padded);
        System.arraycopy(sequence(63), 0, padded, 3, 63);
        for (int n = 0; n < VECTORS.length; n++) {
            assertThat(littleEndianHex(SipHash.hash(K0, K1, padded, 3, n))).isEqualTo(VECTORS[n]);
        }
    }

    @Test
    void buffersAreReadAtAbsoluteIndicesWhateverTheirOrderAndPosition() {
        for (ByteBuffer buffer : new ByteBuffer[] {
            ByteBuffer.allocate(80), ByteBuffer.allocateDirect(80).order(ByteOrder.LITTLE_ENDIAN)
        }) {
            buffer.put(new byte[7]).put(sequence(63)).position(11).limit(75);
            ByteBuffer readOnly = buffer.asReadOnlyBuffer();
            for (int n = 0; n < VECTORS.length; n++) {
                assertThat(littleEndianHex(SipHash.hash(K0, K1, buffer, 7, n))).isEqualTo(VECTORS[n]);
                assertThat(littleEndianHex(SipHash.hash(K0, K1, readOnly, 7, n)))
                        .isEqualTo(VECTORS[n]);
            }
            assertThat(buffer.position()).isEqualTo(11);
            assertThat(buffer.limit()).isEqualTo(75);
        }
    }

    @Test
    void aPrefixedMessageHashesLikeTheConcatenation() {
        byte[] all = sequence(63);
        int prefix = 0x00010203;
        for (int n = 4; n < VECTORS.length; n++) {
            assertThat(littleEndianHex(SipHash.hashPrefixed(K0, K1, prefix, all, 4, n - 4)))
                    .isEqualTo(VECTORS[n]);
            ByteBuffer direct = ByteBuffer.allocateDirect(63).put(all);
            assertThat(littleEndianHex(SipHash.hashPrefixed(K0, K1, prefix, direct, 4, n - 4)))
                    .isEqualTo(VECTORS[n]);
        }
    }

    @Test
    void aLongHashesLikeItsEightBigEndianBytes() {
        assertThat(littleEndianHex(SipHash.hashLong(K0, K1, 0x0001020304050607L)))
                .isEqualTo(VECTORS[8]);
        Random random = new Random(2);
        for (int i = 0; i < 100; i++) {
            long value = random.nextLong();
            long k0 = random.nextLong();
            long k1 = random.nextLong();
            byte[] bytes = ByteBuffer.allocate(8).putLong(value).array();
            assertThat(SipHash.hashLong(k0, k1, value)).isEqualTo(SipHash.hash(k0, k1, bytes));
            assertThat(SipHash.hashPrefixed(k0, k1, (int) (value >>> 32), bytes, 4, 4))
                    .isEqualTo(SipHash.hash(k0, k1, bytes));
        }
    }

    @Test
    void anotherKeyGivesAnotherHash() {
        byte[] message = sequence(20);
        assertThat(SipHash.hash(K0, K1, message)).isNotEqualTo(SipHash.hash(K0 ^ 1, K1, message));
        assertThat(SipHash.hash(K0, K1, message)).isNotEqualTo(SipHash.hash(K0, K1 ^ (1L << 63), message));
    }

    @Test
    void outOfRangeSlicesAndWrongKeysAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> SipHash.hash(K0, K1, new byte[8], 4, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> SipHash.hash(K0, K1, new byte[8], -1, 2));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> SipHash.hash(K0, K1, ByteBuffer.allocate(16).limit(8), 4, 5));
        assertThrows(IllegalArgumentException.class, () -> SipHash.k0(new byte[15]));
    }

    /** The bytes 00 01 02 .. (n-1). */
    static byte[] sequence(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    /** The hash's 8 bytes little-endian, as the reference implementation writes its output. */
    static String littleEndianHex(long hash) {
        return HexFormat.of()
                .formatHex(ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(hash)
                        .array());
    }
}

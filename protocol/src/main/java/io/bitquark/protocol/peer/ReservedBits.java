package io.bitquark.protocol.peer;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 8 reserved bytes of the handshake, in which each protocol extension announces itself with one bit.
 * An extension is used only when both ends set its bit.
 *
 * <pre>
 * byte     0    1    2    3    4    5     6    7
 *                                   0x10       0x04  fast extension      (BEP 6)
 *                                   |          0x01  DHT, port message    (BEP 5)
 *                                   extension protocol (BEP 10)
 * </pre>
 *
 * <p>Bits this class has no name for are kept as they were received.
 */
public final class ReservedBits {

    public static final int LENGTH = 8;

    private static final ReservedBits NONE = new ReservedBits(new byte[LENGTH]);

    private final byte[] bytes;

    private ReservedBits(byte[] bytes) {
        this.bytes = bytes;
    }

    /** All bits clear: no extension announced. */
    public static ReservedBits none() {
        return NONE;
    }

    public static ReservedBits of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("reserved bytes must be " + LENGTH + " bytes, got " + bytes.length);
        }
        return new ReservedBits(bytes.clone());
    }

    /** A copy of the 8 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** BEP 10: {@code reserved[5] & 0x10}. */
    public boolean supportsExtensionProtocol() {
        return isSet(5, 0x10);
    }

    /** BEP 6: {@code reserved[7] & 0x04}. */
    public boolean supportsFast() {
        return isSet(7, 0x04);
    }

    /** BEP 5: {@code reserved[7] & 0x01}. */
    public boolean supportsDht() {
        return isSet(7, 0x01);
    }

    public ReservedBits withExtensionProtocol(boolean on) {
        return with(5, 0x10, on);
    }

    public ReservedBits withFast(boolean on) {
        return with(7, 0x04, on);
    }

    public ReservedBits withDht(boolean on) {
        return with(7, 0x01, on);
    }

    /** Whether all bits of {@code mask} are set in byte {@code index} (0 to 7). */
    public boolean isSet(int index, int mask) {
        return (bytes[index] & mask) == mask;
    }

    /** A copy with the bits of {@code mask} in byte {@code index} set or cleared. */
    public ReservedBits with(int index, int mask, boolean on) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) (on ? copy[index] | mask : copy[index] & ~mask);
        return new ReservedBits(copy);
    }

    void writeTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReservedBits other && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}

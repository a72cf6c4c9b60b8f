package io.bitquark.protocol.peer;

/**
 * The largest frames a {@link FrameDecoder} accepts, by kind of message. Lengths are of the payload after
 * the message id byte. Anything above is refused before a buffer is allocated: a peer cannot make us
 * allocate more than these limits, whatever length prefix it sends.
 *
 * <ul>
 * <li>{@code maxBlockLength}: the block of a piece message. 16 KiB is what every client requests
 *     (BEP 3 recommends it, most clients refuse more), so a piece frame is at most {@code 9 + 16384}.</li>
 * <li>{@code maxBitfieldLength}: 256 KiB, a bitfield for 2,097,152 pieces (larger torrents do not exist
 *     in practice; libtorrent caps pieces at the same count).</li>
 * <li>{@code maxExtendedLength}: 1 MiB, the extension payload: handshakes are small, a {@code ut_metadata}
 *     data message is 16 KiB plus a short dictionary, peer exchange lists are bounded by their BEPs.</li>
 * <li>{@code maxUnknownLength}: 64 KiB for ids this module does not model, and for BEP 52 hashes (a hashes
 *     message of 512 hashes and its proof fits, about 17 KiB).</li>
 * </ul>
 *
 * <p>Fixed-size messages (have, request, port, ...) must have exactly their size regardless of limits.
 */
public record FrameLimits(int maxBlockLength, int maxBitfieldLength, int maxExtendedLength, int maxUnknownLength) {

    public static final int DEFAULT_MAX_BLOCK_LENGTH = 16 * 1024;
    public static final int DEFAULT_MAX_BITFIELD_LENGTH = 256 * 1024;
    public static final int DEFAULT_MAX_EXTENDED_LENGTH = 1024 * 1024;
    public static final int DEFAULT_MAX_UNKNOWN_LENGTH = 64 * 1024;

    private static final FrameLimits DEFAULTS = new FrameLimits(
            DEFAULT_MAX_BLOCK_LENGTH,
            DEFAULT_MAX_BITFIELD_LENGTH,
            DEFAULT_MAX_EXTENDED_LENGTH,
            DEFAULT_MAX_UNKNOWN_LENGTH);
    /** Above this a limit would let the frame length overflow an int. */
    private static final int CEILING = Integer.MAX_VALUE - 16;

    public FrameLimits {
        check("maxBlockLength", maxBlockLength);
        check("maxBitfieldLength", maxBitfieldLength);
        check("maxExtendedLength", maxExtendedLength);
        check("maxUnknownLength", maxUnknownLength);
    }

    public static FrameLimits defaults() {
        return DEFAULTS;
    }

    /** The largest length prefix allowed for message {@code id} (id byte and payload). */
    public int maxLengthPrefix(int id) {
        switch (id) {
            case PeerMessage.PIECE:
                return 1 + 8 + maxBlockLength;
            case PeerMessage.BITFIELD:
                return 1 + maxBitfieldLength;
            case PeerMessage.EXTENDED:
                return 1 + 1 + maxExtendedLength;
            default:
                int fixed = PeerWireCodec.fixedLengthPrefix(id);
                return fixed >= 0 ? fixed : 1 + maxUnknownLength;
        }
    }

    /** The largest length prefix allowed for any message: checked before the id byte is even read. */
    public int maxLengthPrefix() {
        return Math.max(
                Math.max(1 + 8 + maxBlockLength, 1 + maxBitfieldLength),
                Math.max(2 + maxExtendedLength, Math.max(1 + maxUnknownLength, 13)));
    }

    private static void check(String name, int value) {
        if (value < 0 || value > CEILING) {
            throw new IllegalArgumentException(name + " " + value + " outside 0.." + CEILING);
        }
    }
}

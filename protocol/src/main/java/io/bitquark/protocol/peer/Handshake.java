package io.bitquark.protocol.peer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The handshake both ends send first on a peer connection (BEP 3), 68 bytes:
 *
 * <pre>
 * offset 0         1                      20          28               48           68
 *        &lt;pstrlen=19&gt;&lt;"BitTorrent protocol"&gt;&lt;reserved 8&gt;&lt;info_hash 20&gt;&lt;peer_id 20&gt;
 * </pre>
 *
 * <p>The reserved bits announce extensions ({@link ReservedBits}). A v2 (BEP 52) connection carries the
 * SHA-256 info-hash truncated to 20 bytes.
 *
 * <p>A seeder reads the handshake in two steps: the first {@link #HEADER_LENGTH} bytes, up to and including
 * the info-hash, with {@link #decodeHeader(ByteBuffer)}, so it can look up the torrent (and answer with its
 * own handshake) before the peer id arrives; then the peer id with {@link #decodePeerId(ByteBuffer)}.
 * {@link #decode(ByteBuffer)} reads all 68 bytes at once. After the handshake the connection carries
 * length-prefixed messages, read by {@link FrameDecoder}.
 */
public final class Handshake {

    public static final String PROTOCOL = "BitTorrent protocol";
    public static final int PSTRLEN = 19;
    public static final int RESERVED_OFFSET = 20;
    public static final int INFO_HASH_OFFSET = 28;
    public static final int PEER_ID_OFFSET = 48;
    /** The bytes up to and including the info-hash: what a seeder needs to pick the torrent. */
    public static final int HEADER_LENGTH = PEER_ID_OFFSET;

    public static final int LENGTH = 68;
    public static final int INFO_HASH_LENGTH = 20;

    private static final byte[] PROTOCOL_BYTES = PROTOCOL.getBytes(StandardCharsets.US_ASCII);

    private final ReservedBits reserved;
    private final byte[] infoHash;
    private final PeerId peerId;

    public Handshake(ReservedBits reserved, byte[] infoHash, PeerId peerId) {
        this.reserved = Objects.requireNonNull(reserved, "reserved");
        this.infoHash = checkInfoHash(infoHash).clone();
        this.peerId = Objects.requireNonNull(peerId, "peerId");
    }

    /** The first 48 bytes of a handshake: reserved bits and info-hash, before the peer id arrives. */
    public static final class Header {
        private final ReservedBits reserved;
        private final byte[] infoHash;

        public Header(ReservedBits reserved, byte[] infoHash) {
            this.reserved = Objects.requireNonNull(reserved, "reserved");
            this.infoHash = checkInfoHash(infoHash).clone();
        }

        public ReservedBits reserved() {
            return reserved;
        }

        public byte[] infoHash() {
            return infoHash.clone();
        }

        /** The complete handshake once the peer id has been read. */
        public Handshake withPeerId(PeerId peerId) {
            return new Handshake(reserved, infoHash, peerId);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Header other
                    && other.reserved.equals(reserved)
                    && Arrays.equals(other.infoHash, infoHash);
        }

        @Override
        public int hashCode() {
            return 31 * reserved.hashCode() + Arrays.hashCode(infoHash);
        }

        @Override
        public String toString() {
            return "Handshake.Header[reserved=" + reserved + ", infoHash="
                    + HexFormat.of().formatHex(infoHash) + "]";
        }
    }

    public ReservedBits reserved() {
        return reserved;
    }

    public byte[] infoHash() {
        return infoHash.clone();
    }

    public PeerId peerId() {
        return peerId;
    }

    public Header header() {
        return new Header(reserved, infoHash);
    }

    public boolean supportsExtensionProtocol() {
        return reserved.supportsExtensionProtocol();
    }

    public boolean supportsFast() {
        return reserved.supportsFast();
    }

    public boolean supportsDht() {
        return reserved.supportsDht();
    }

    public Handshake withReserved(ReservedBits bits) {
        return new Handshake(bits, infoHash, peerId);
    }

    /** The 68 bytes to send. */
    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        out[0] = PSTRLEN;
        System.arraycopy(PROTOCOL_BYTES, 0, out, 1, PSTRLEN);
        reserved.writeTo(out, RESERVED_OFFSET);
        System.arraycopy(infoHash, 0, out, INFO_HASH_OFFSET, INFO_HASH_LENGTH);
        peerId.writeTo(out, PEER_ID_OFFSET);
        return out;
    }

    /** Decodes exactly {@link #LENGTH} bytes. */
    public static Handshake decode(byte[] bytes) throws HandshakeException {
        if (bytes.length != LENGTH) {
            throw new HandshakeException("a handshake is " + LENGTH + " bytes, got " + bytes.length);
        }
        return decode(ByteBuffer.wrap(bytes));
    }

    /**
     * Decodes a whole handshake from the next {@link #LENGTH} bytes of {@code in} and advances its position
     * past them; the bytes after it (the first messages) stay in the buffer.
     */
    public static Handshake decode(ByteBuffer in) throws HandshakeException {
        require(in, LENGTH);
        Header header = decodeHeader(in);
        return header.withPeerId(decodePeerId(in));
    }

    /**
     * Decodes the first {@link #HEADER_LENGTH} bytes (protocol string, reserved bits, info-hash) and
     * advances past them. The protocol prefix is checked first, so that a connection that is not a plain
     * BitTorrent one is refused as soon as its first bytes arrive ({@link #checkProtocolPrefix}).
     */
    public static Header decodeHeader(ByteBuffer in) throws HandshakeException {
        require(in, HEADER_LENGTH);
        checkProtocolPrefix(in);
        in.position(in.position() + 1 + PSTRLEN);
        byte[] reserved = new byte[ReservedBits.LENGTH];
        in.get(reserved);
        byte[] infoHash = new byte[INFO_HASH_LENGTH];
        in.get(infoHash);
        return new Header(ReservedBits.of(reserved), infoHash);
    }

    /** Decodes the 20-byte peer id that ends the handshake and advances past it. */
    public static PeerId decodePeerId(ByteBuffer in) throws HandshakeException {
        require(in, PeerId.LENGTH);
        byte[] id = new byte[PeerId.LENGTH];
        in.get(id);
        return PeerId.wrap(id);
    }

    /**
     * Checks the {@code <pstrlen><pstr>} bytes available from {@code in}'s position, without consuming
     * them: as soon as one byte is present a wrong one is refused, so an encrypted or foreign stream fails
     * fast.
     */
    public static void checkProtocolPrefix(ByteBuffer in) throws HandshakeException {
        int base = in.position();
        int available = Math.min(in.remaining(), 1 + PSTRLEN);
        if (available > 0 && in.get(base) != PSTRLEN) {
            throw new HandshakeException("not a BitTorrent handshake: pstrlen is " + (in.get(base) & 0xff)
                    + ", expected " + PSTRLEN + " (an encrypted connection?)");
        }
        for (int i = 1; i < available; i++) {
            if (in.get(base + i) != PROTOCOL_BYTES[i - 1]) {
                throw new HandshakeException(
                        "not a BitTorrent handshake: protocol string differs from '" + PROTOCOL + "' at byte " + i);
            }
        }
    }

    private static void require(ByteBuffer in, int length) throws HandshakeException {
        if (in.remaining() < length) {
            throw new HandshakeException("need " + length + " bytes, only " + in.remaining() + " available");
        }
    }

    private static byte[] checkInfoHash(byte[] infoHash) {
        if (infoHash.length != INFO_HASH_LENGTH) {
            throw new IllegalArgumentException(
                    "the handshake info-hash is " + INFO_HASH_LENGTH + " bytes, got " + infoHash.length);
        }
        return infoHash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake other
                && other.reserved.equals(reserved)
                && Arrays.equals(other.infoHash, infoHash)
                && other.peerId.equals(peerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reserved, Arrays.hashCode(infoHash), peerId);
    }

    @Override
    public String toString() {
        return "Handshake[reserved=" + reserved + ", infoHash=" + HexFormat.of().formatHex(infoHash) + ", peerId="
                + peerId + "]";
    }
}

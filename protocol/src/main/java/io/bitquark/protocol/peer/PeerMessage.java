package io.bitquark.protocol.peer;

import io.bitquark.protocol.hash.PieceLayerTree;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;

/**
 * A message of the peer wire protocol, sent after the {@link Handshake}. Every message is framed as
 * {@code <length prefix, 4 bytes big-endian><message id, 1 byte><payload>}, except keep-alive, which is a
 * zero length prefix alone. All integers are 4-byte big-endian and unsigned on the wire; indexes, offsets
 * and lengths above {@code 2^31 - 1} are refused.
 *
 * <p>{@link PeerWireCodec} turns messages into bytes and back; {@link FrameDecoder} cuts a byte stream into
 * messages. Each type documents its layout. Ids this module does not model decode as {@link Unknown}, so a
 * connection can ignore them as BEP 3 asks.
 */
public sealed interface PeerMessage
        permits PeerMessage.KeepAlive,
                PeerMessage.Choke,
                PeerMessage.Unchoke,
                PeerMessage.Interested,
                PeerMessage.NotInterested,
                PeerMessage.Have,
                PeerMessage.Bitfield,
                PeerMessage.Request,
                PeerMessage.Piece,
                PeerMessage.Cancel,
                PeerMessage.Port,
                PeerMessage.Suggest,
                PeerMessage.HaveAll,
                PeerMessage.HaveNone,
                PeerMessage.RejectRequest,
                PeerMessage.AllowedFast,
                PeerMessage.Extended,
                PeerMessage.HashRequest,
                PeerMessage.Hashes,
                PeerMessage.HashReject,
                PeerMessage.Unknown {

    int CHOKE = 0;
    int UNCHOKE = 1;
    int INTERESTED = 2;
    int NOT_INTERESTED = 3;
    int HAVE = 4;
    int BITFIELD = 5;
    int REQUEST = 6;
    int PIECE = 7;
    int CANCEL = 8;
    int PORT = 9;
    int SUGGEST = 13;
    int HAVE_ALL = 14;
    int HAVE_NONE = 15;
    int REJECT_REQUEST = 16;
    int ALLOWED_FAST = 17;
    int EXTENDED = 20;
    int HASH_REQUEST = 21;
    int HASHES = 22;
    int HASH_REJECT = 23;
    /** The id of keep-alive, which has none on the wire. */
    int NO_ID = -1;

    /** The message id, or {@link #NO_ID} for keep-alive. */
    int id();

    /** Whether {@code id} is one of the ids above, whose payloads this module decodes. */
    static boolean isKnownId(int id) {
        return (id >= CHOKE && id <= PORT)
                || (id >= SUGGEST && id <= ALLOWED_FAST)
                || (id >= EXTENDED && id <= HASH_REJECT);
    }

    /** BEP 3 keep-alive: {@code <len=0000>}. */
    record KeepAlive() implements PeerMessage {
        public static final KeepAlive INSTANCE = new KeepAlive();

        @Override
        public int id() {
            return NO_ID;
        }
    }

    /** BEP 3 choke: {@code <len=0001><id=0>}. */
    record Choke() implements PeerMessage {
        public static final Choke INSTANCE = new Choke();

        @Override
        public int id() {
            return CHOKE;
        }
    }

    /** BEP 3 unchoke: {@code <len=0001><id=1>}. */
    record Unchoke() implements PeerMessage {
        public static final Unchoke INSTANCE = new Unchoke();

        @Override
        public int id() {
            return UNCHOKE;
        }
    }

    /** BEP 3 interested: {@code <len=0001><id=2>}. */
    record Interested() implements PeerMessage {
        public static final Interested INSTANCE = new Interested();

        @Override
        public int id() {
            return INTERESTED;
        }
    }

    /** BEP 3 not interested: {@code <len=0001><id=3>}. */
    record NotInterested() implements PeerMessage {
        public static final NotInterested INSTANCE = new NotInterested();

        @Override
        public int id() {
            return NOT_INTERESTED;
        }
    }

    /** BEP 3 have: {@code <len=0005><id=4><piece index>}. */
    record Have(int pieceIndex) implements PeerMessage {
        public Have {
            requireNonNegative("piece index", pieceIndex);
        }

        @Override
        public int id() {
            return HAVE;
        }
    }

    /**
     * BEP 3 bitfield: {@code <len=0001+X><id=5><bitfield X bytes>}, the high bit of the first byte being
     * piece 0. Spare bits at the end must be clear; the decoder cannot check that (it does not know the piece
     * count), so {@link #validateFor(int)} does once the torrent is known.
     */
    final class Bitfield implements PeerMessage {
        private final byte[] bits;

        public Bitfield(byte[] bits) {
            this.bits = bits.clone();
        }

        private Bitfield(byte[] bits, boolean owned) {
            this.bits = bits;
        }

        static Bitfield owning(byte[] bits) {
            return new Bitfield(bits, true);
        }

        /** The bitfield of {@code pieceCount} pieces with the pieces set in {@code pieces}. */
        public static Bitfield of(BitSet pieces, int pieceCount) {
            requireNonNegative("piece count", pieceCount);
            if (pieces.length() > pieceCount) {
                throw new IllegalArgumentException(
                        "piece " + (pieces.length() - 1) + " beyond " + pieceCount + " pieces");
            }
            byte[] bits = new byte[byteLength(pieceCount)];
            for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) {
                bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
            return new Bitfield(bits, true);
        }

        /** Bytes needed for {@code pieceCount} pieces. */
        public static int byteLength(int pieceCount) {
            return (int) ((pieceCount + 7L) / 8);
        }

        @Override
        public int id() {
            return BITFIELD;
        }

        public byte[] bits() {
            return bits.clone();
        }

        public int byteLength() {
            return bits.length;
        }

        /** Whether piece {@code index} is set; indexes beyond the bitfield are not. */
        public boolean hasPiece(int index) {
            requireNonNegative("piece index", index);
            return index < bits.length * 8 && (bits[index >>> 3] & (0x80 >>> (index & 7))) != 0;
        }

        public BitSet toBitSet() {
            BitSet set = new BitSet(bits.length * 8);
            for (int i = 0; i < bits.length * 8; i++) {
                if ((bits[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
                    set.set(i);
                }
            }
            return set;
        }

        /** Checks the length against {@code pieceCount} and that the spare bits are clear (BEP 3). */
        public void validateFor(int pieceCount) throws PeerWireException {
            requireNonNegative("piece count", pieceCount);
            if (bits.length != byteLength(pieceCount)) {
                throw new PeerWireException("bitfield of " + bits.length + " bytes for " + pieceCount
                        + " pieces, expected " + byteLength(pieceCount));
            }
            int spare = bits.length * 8 - pieceCount;
            if (spare > 0 && (bits[bits.length - 1] & ((1 << spare) - 1)) != 0) {
                throw new PeerWireException("bitfield has spare bits set after piece " + (pieceCount - 1));
            }
        }

        byte[] unsafeBits() {
            return bits;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bitfield other && Arrays.equals(other.bits, bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "Bitfield[" + bits.length + " bytes]";
        }
    }

    /** BEP 3 request: {@code <len=0013><id=6><index><begin><length>}. */
    record Request(int pieceIndex, int begin, int length) implements PeerMessage {
        public Request {
            requireNonNegative("piece index", pieceIndex);
            requireNonNegative("begin", begin);
            requireNonNegative("length", length);
        }

        @Override
        public int id() {
            return REQUEST;
        }
    }

    /**
     * BEP 3 piece: {@code <len=0009+X><id=7><index><begin><block X bytes>}. To send a block straight from a
     * file, write {@link PeerWireCodec#pieceHeader} (13 bytes) and then the block.
     */
    final class Piece implements PeerMessage {
        private final int pieceIndex;
        private final int begin;
        private final byte[] data;
        private final int offset;
        private final int length;

        public Piece(int pieceIndex, int begin, byte[] block) {
            this(pieceIndex, begin, block.clone(), 0, block.length);
        }

        private Piece(int pieceIndex, int begin, byte[] data, int offset, int length) {
            requireNonNegative("piece index", pieceIndex);
            requireNonNegative("begin", begin);
            this.pieceIndex = pieceIndex;
            this.begin = begin;
            this.data = data;
            this.offset = offset;
            this.length = length;
        }

        /** A piece whose block is {@code data[offset, offset + length)}, taking ownership of the array. */
        static Piece owning(int pieceIndex, int begin, byte[] data, int offset, int length) {
            return new Piece(pieceIndex, begin, data, offset, length);
        }

        @Override
        public int id() {
            return PIECE;
        }

        public int pieceIndex() {
            return pieceIndex;
        }

        public int begin() {
            return begin;
        }

        public int blockLength() {
            return length;
        }

        /** A copy of the block. */
        public byte[] block() {
            return Arrays.copyOfRange(data, offset, offset + length);
        }

        /** The block as a read-only buffer, without a copy. */
        public ByteBuffer blockBuffer() {
            return ByteBuffer.wrap(data, offset, length).slice().asReadOnlyBuffer();
        }

        /** Whether this piece answers {@code request} (same index, offset and length). */
        public boolean answers(Request request) {
            return request.pieceIndex() == pieceIndex && request.begin() == begin && request.length() == length;
        }

        void writeBlockTo(ByteBuffer out) {
            out.put(data, offset, length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Piece other
                    && other.pieceIndex == pieceIndex
                    && other.begin == begin
                    && Arrays.equals(
                            other.data, other.offset, other.offset + other.length, data, offset, offset + length);
        }

        @Override
        public int hashCode() {
            int h = 31 * pieceIndex + begin;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + data[i];
            }
            return h;
        }

        @Override
        public String toString() {
            return "Piece[pieceIndex=" + pieceIndex + ", begin=" + begin + ", " + length + " bytes]";
        }
    }

    /** BEP 3 cancel: {@code <len=0013><id=8><index><begin><length>}. */
    record Cancel(int pieceIndex, int begin, int length) implements PeerMessage {
        public Cancel {
            requireNonNegative("piece index", pieceIndex);
            requireNonNegative("begin", begin);
            requireNonNegative("length", length);
        }

        @Override
        public int id() {
            return CANCEL;
        }
    }

    /** BEP 5 port, the DHT node's UDP port: {@code <len=0003><id=9><listen-port, 2 bytes>}. */
    record Port(int port) implements PeerMessage {
        public Port {
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port " + port + " outside 0..65535");
            }
        }

        @Override
        public int id() {
            return PORT;
        }
    }

    /** BEP 6 suggest piece: {@code <len=0005><id=13><piece index>}. */
    record Suggest(int pieceIndex) implements PeerMessage {
        public Suggest {
            requireNonNegative("piece index", pieceIndex);
        }

        @Override
        public int id() {
            return SUGGEST;
        }
    }

    /** BEP 6 have all: {@code <len=0001><id=14>}. */
    record HaveAll() implements PeerMessage {
        public static final HaveAll INSTANCE = new HaveAll();

        @Override
        public int id() {
            return HAVE_ALL;
        }
    }

    /** BEP 6 have none: {@code <len=0001><id=15>}. */
    record HaveNone() implements PeerMessage {
        public static final HaveNone INSTANCE = new HaveNone();

        @Override
        public int id() {
            return HAVE_NONE;
        }
    }

    /** BEP 6 reject request: {@code <len=0013><id=16><index><begin><length>}. */
    record RejectRequest(int pieceIndex, int begin, int length) implements PeerMessage {
        public RejectRequest {
            requireNonNegative("piece index", pieceIndex);
            requireNonNegative("begin", begin);
            requireNonNegative("length", length);
        }

        /** The reject answering {@code request}. */
        public static RejectRequest of(Request request) {
            return new RejectRequest(request.pieceIndex(), request.begin(), request.length());
        }

        @Override
        public int id() {
            return REJECT_REQUEST;
        }
    }

    /** BEP 6 allowed fast: {@code <len=0005><id=17><piece index>}. */
    record AllowedFast(int pieceIndex) implements PeerMessage {
        public AllowedFast {
            requireNonNegative("piece index", pieceIndex);
        }

        @Override
        public int id() {
            return ALLOWED_FAST;
        }
    }

    /**
     * BEP 10 extended: {@code <len=0002+X><id=20><extended id, 1 byte><payload X bytes>}. Extended id 0 is
     * the {@link ExtendedHandshake}; the others are the ids the receiving peer assigned in its handshake's
     * {@code m} dictionary (for example {@link UtMetadataMessage}).
     */
    final class Extended implements PeerMessage {
        /** The extended id of the extension handshake. */
        public static final int HANDSHAKE_ID = 0;

        private final int extendedId;
        private final byte[] payload;

        public Extended(int extendedId, byte[] payload) {
            this(extendedId, payload.clone(), true);
        }

        private Extended(int extendedId, byte[] payload, boolean owned) {
            if (extendedId < 0 || extendedId > 0xff) {
                throw new IllegalArgumentException("extended id " + extendedId + " outside 0..255");
            }
            this.extendedId = extendedId;
            this.payload = payload;
        }

        static Extended owning(int extendedId, byte[] payload) {
            return new Extended(extendedId, payload, true);
        }

        @Override
        public int id() {
            return EXTENDED;
        }

        public int extendedId() {
            return extendedId;
        }

        public byte[] payload() {
            return payload.clone();
        }

        public int payloadLength() {
            return payload.length;
        }

        byte[] unsafePayload() {
            return payload;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extended other
                    && other.extendedId == extendedId
                    && Arrays.equals(other.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * extendedId + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Extended[extendedId=" + extendedId + ", " + payload.length + " bytes]";
        }
    }

    /**
     * BEP 52 hash request, for hashes of one file's merkle tree:
     * {@code <len=0049><id=21><pieces root, 32 bytes><base layer><index><length><proof layers>}. The base layer
     * counts up from the 16 KiB blocks (layer 0); {@code length} hashes of it are asked for from {@code index}, and
     * {@code proof layers} layers of uncle hashes above them ({@link io.bitquark.protocol.hash.PieceLayerTree}). What
     * a request may ask for depends on the file, so the codec checks only its size.
     */
    record HashRequest(byte[] piecesRoot, int baseLayer, int index, int length, int proofLayers)
            implements PeerMessage {
        /** The size of the payload after the id: the root and four integers. */
        public static final int PAYLOAD_LENGTH = 32 + 4 * 4;

        public HashRequest {
            if (piecesRoot.length != 32) {
                throw new IllegalArgumentException("a pieces root is 32 bytes, got " + piecesRoot.length);
            }
            piecesRoot = piecesRoot.clone();
            requireNonNegative("base layer", baseLayer);
            requireNonNegative("index", index);
            requireNonNegative("length", length);
            requireNonNegative("proof layers", proofLayers);
        }

        @Override
        public byte[] piecesRoot() {
            return piecesRoot.clone();
        }

        /** How many hashes a {@link Hashes} answering it carries: {@code length} and the uncles. */
        public long answerHashCount() {
            return length + PieceLayerTree.uncleCount(length, proofLayers);
        }

        /** The hashes message answering this request with {@code hashes} (concatenated). */
        public Hashes answer(byte[] hashes) {
            return new Hashes(this, hashes);
        }

        /** The hash reject refusing this request. */
        public HashReject reject() {
            return new HashReject(this);
        }

        void writeTo(ByteBuffer out) {
            out.put(piecesRoot).putInt(baseLayer).putInt(index).putInt(length).putInt(proofLayers);
        }

        @Override
        public int id() {
            return HASH_REQUEST;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HashRequest other
                    && Arrays.equals(other.piecesRoot, piecesRoot)
                    && other.baseLayer == baseLayer
                    && other.index == index
                    && other.length == length
                    && other.proofLayers == proofLayers;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(piecesRoot) * 31
                    + Arrays.hashCode(new int[] {baseLayer, index, length, proofLayers});
        }

        @Override
        public String toString() {
            return "HashRequest[root=" + HexFormat.of().formatHex(piecesRoot, 0, 4) + "..., base=" + baseLayer
                    + ", index=" + index + ", length=" + length + ", proof=" + proofLayers + "]";
        }
    }

    /**
     * BEP 52 hashes, the answer to a {@link HashRequest}:
     * {@code <len=0049+32n><id=22><pieces root><base layer><index><length><proof layers><n hashes, 32 bytes each>},
     * the header repeating the request's, the hashes being the {@code length} base hashes and then the uncle
     * hashes, bottom up. The codec refuses one whose count of hashes does not fit its header.
     */
    record Hashes(HashRequest request, byte[] hashes) implements PeerMessage {
        public Hashes {
            if (hashes.length != request.answerHashCount() * 32) {
                throw new IllegalArgumentException(request + " is answered by " + request.answerHashCount()
                        + " hashes, got " + hashes.length + " bytes");
            }
            hashes = hashes.clone();
        }

        @Override
        public byte[] hashes() {
            return hashes.clone();
        }

        byte[] unsafeHashes() {
            return hashes;
        }

        @Override
        public int id() {
            return HASHES;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hashes other && other.request.equals(request) && Arrays.equals(other.hashes, hashes);
        }

        @Override
        public int hashCode() {
            return 31 * request.hashCode() + Arrays.hashCode(hashes);
        }

        @Override
        public String toString() {
            return "Hashes[" + request + ", " + hashes.length / 32 + " hashes]";
        }
    }

    /**
     * BEP 52 hash reject, refusing a {@link HashRequest}:
     * {@code <len=0049><id=23><pieces root><base layer><index><length><proof layers>}, the request's own fields.
     */
    record HashReject(HashRequest request) implements PeerMessage {
        @Override
        public int id() {
            return HASH_REJECT;
        }
    }

    /**
     * A message whose id this module does not model:
     * {@code <len=0001+X><id><payload X bytes>}. Kept so that a connection can ignore it.
     */
    final class Unknown implements PeerMessage {
        private final int id;
        private final byte[] payload;

        public Unknown(int id, byte[] payload) {
            this(id, payload.clone(), true);
        }

        private Unknown(int id, byte[] payload, boolean owned) {
            if (id < 0 || id > 0xff || isKnownId(id)) {
                throw new IllegalArgumentException("id " + id + " is not an unknown message id");
            }
            this.id = id;
            this.payload = payload;
        }

        static Unknown owning(int id, byte[] payload) {
            return new Unknown(id, payload, true);
        }

        @Override
        public int id() {
            return id;
        }

        public byte[] payload() {
            return payload.clone();
        }

        byte[] unsafePayload() {
            return payload;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown other && other.id == id && Arrays.equals(other.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Unknown[id=" + id + ", " + payload.length + " bytes]";
        }
    }

    private static void requireNonNegative(String what, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + value);
        }
    }
}

package io.bitquark.protocol.peer;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Encodes {@link PeerMessage}s to frames and decodes one frame's payload back (BEP 3, 5, 6, 10, 52).
 *
 * <pre>
 * frame    &lt;length prefix, 4 bytes big-endian&gt;&lt;id, 1 byte&gt;&lt;payload&gt;     length prefix = 1 + payload
 * keep-alive &lt;len=0000&gt;
 * piece    &lt;len=0009+X&gt;&lt;id=7&gt;&lt;index&gt;&lt;begin&gt;&lt;block X bytes&gt;   header: the first 13 bytes
 * hash request / hash reject  &lt;len=0049&gt;&lt;id=21 | 23&gt;&lt;pieces root 32&gt;&lt;base layer&gt;&lt;index&gt;&lt;length&gt;&lt;proof layers&gt;
 * hashes   &lt;len=0049+32n&gt;&lt;id=22&gt;&lt;the same 48 bytes&gt;&lt;n hashes&gt;         n = length + uncles (BEP 52)
 * </pre>
 *
 * <p>{@link #encode} writes whole frames. {@link #pieceHeader} writes only the 13 bytes in front of a block,
 * so that the block itself can go from the file to the socket without passing through the heap.
 * {@link #decode} takes one frame without its length prefix (what {@link FrameDecoder} has cut out) and
 * checks that fixed-size messages have exactly their size and that no unsigned integer exceeds
 * {@code 2^31 - 1}. Each message type documents its own layout.
 */
public final class PeerWireCodec {

    public static final int LENGTH_PREFIX_SIZE = 4;
    /** {@code <len><id=7><index><begin>}: what precedes the block of a piece message. */
    public static final int PIECE_HEADER_SIZE = 13;

    private PeerWireCodec() {}

    /**
     * The exact length prefix of message {@code id} when it has a fixed size, or -1 when its size varies
     * (bitfield, piece, extended, unknown ids).
     */
    public static int fixedLengthPrefix(int id) {
        switch (id) {
            case PeerMessage.CHOKE:
            case PeerMessage.UNCHOKE:
            case PeerMessage.INTERESTED:
            case PeerMessage.NOT_INTERESTED:
            case PeerMessage.HAVE_ALL:
            case PeerMessage.HAVE_NONE:
                return 1;
            case PeerMessage.HAVE:
            case PeerMessage.SUGGEST:
            case PeerMessage.ALLOWED_FAST:
                return 5;
            case PeerMessage.REQUEST:
            case PeerMessage.CANCEL:
            case PeerMessage.REJECT_REQUEST:
                return 13;
            case PeerMessage.PORT:
                return 3;
            case PeerMessage.HASH_REQUEST:
            case PeerMessage.HASH_REJECT:
                return 1 + PeerMessage.HashRequest.PAYLOAD_LENGTH;
            default:
                return -1;
        }
    }

    /** The size of the whole frame of {@code message}, length prefix included. */
    public static int frameLength(PeerMessage message) {
        return LENGTH_PREFIX_SIZE + lengthPrefix(message);
    }

    private static int lengthPrefix(PeerMessage message) {
        if (message instanceof PeerMessage.KeepAlive) {
            return 0;
        }
        if (message instanceof PeerMessage.Bitfield b) {
            return 1 + b.byteLength();
        }
        if (message instanceof PeerMessage.Piece p) {
            return 9 + p.blockLength();
        }
        if (message instanceof PeerMessage.Extended e) {
            return 2 + e.payloadLength();
        }
        if (message instanceof PeerMessage.Unknown u) {
            return 1 + u.unsafePayload().length;
        }
        if (message instanceof PeerMessage.Hashes h) {
            return 1 + PeerMessage.HashRequest.PAYLOAD_LENGTH + h.unsafeHashes().length;
        }
        return fixedLengthPrefix(message.id());
    }

    /** The whole frame of {@code message}. */
    public static byte[] encode(PeerMessage message) {
        ByteBuffer out = ByteBuffer.allocate(frameLength(message));
        encode(message, out);
        return out.array();
    }

    /**
     * Writes the whole frame of {@code message} at {@code out}'s position.
     *
     * @throws BufferOverflowException when {@code out} has fewer than {@link #frameLength} bytes left
     */
    public static void encode(PeerMessage message, ByteBuffer out) {
        int prefix = lengthPrefix(message);
        if (out.remaining() < LENGTH_PREFIX_SIZE + prefix) {
            throw new BufferOverflowException();
        }
        out.putInt(prefix);
        if (prefix == 0) {
            return;
        }
        out.put((byte) message.id());
        if (message instanceof PeerMessage.Have m) {
            out.putInt(m.pieceIndex());
        } else if (message instanceof PeerMessage.Suggest m) {
            out.putInt(m.pieceIndex());
        } else if (message instanceof PeerMessage.AllowedFast m) {
            out.putInt(m.pieceIndex());
        } else if (message instanceof PeerMessage.Bitfield m) {
            out.put(m.unsafeBits());
        } else if (message instanceof PeerMessage.Request m) {
            out.putInt(m.pieceIndex()).putInt(m.begin()).putInt(m.length());
        } else if (message instanceof PeerMessage.Cancel m) {
            out.putInt(m.pieceIndex()).putInt(m.begin()).putInt(m.length());
        } else if (message instanceof PeerMessage.RejectRequest m) {
            out.putInt(m.pieceIndex()).putInt(m.begin()).putInt(m.length());
        } else if (message instanceof PeerMessage.Piece m) {
            out.putInt(m.pieceIndex()).putInt(m.begin());
            m.writeBlockTo(out);
        } else if (message instanceof PeerMessage.Port m) {
            out.putShort((short) m.port());
        } else if (message instanceof PeerMessage.Extended m) {
            out.put((byte) m.extendedId()).put(m.unsafePayload());
        } else if (message instanceof PeerMessage.HashRequest m) {
            m.writeTo(out);
        } else if (message instanceof PeerMessage.Hashes m) {
            m.request().writeTo(out);
            out.put(m.unsafeHashes());
        } else if (message instanceof PeerMessage.HashReject m) {
            m.request().writeTo(out);
        } else if (message instanceof PeerMessage.Unknown m) {
            out.put(m.unsafePayload());
        }
    }

    /**
     * The 13 bytes that precede a block of {@code blockLength} bytes in a piece message:
     * {@code <len=0009+X><id=7><index><begin>}.
     */
    public static byte[] pieceHeader(int pieceIndex, int begin, int blockLength) {
        if (pieceIndex < 0 || begin < 0 || blockLength < 0 || blockLength > Integer.MAX_VALUE - 9) {
            throw new IllegalArgumentException(
                    "invalid piece header: index " + pieceIndex + ", begin " + begin + ", block length " + blockLength);
        }
        return ByteBuffer.allocate(PIECE_HEADER_SIZE)
                .putInt(9 + blockLength)
                .put((byte) PeerMessage.PIECE)
                .putInt(pieceIndex)
                .putInt(begin)
                .array();
    }

    /**
     * Decodes one frame without its length prefix: {@code <id><payload>}, or nothing for a keep-alive.
     * Decoding uses no limits: {@link FrameDecoder} applies them before the frame is read.
     */
    public static PeerMessage decode(byte[] frame) throws PeerWireException {
        if (frame.length == 0) {
            return PeerMessage.KeepAlive.INSTANCE;
        }
        return decodePayload(frame[0] & 0xff, Arrays.copyOfRange(frame, 1, frame.length));
    }

    /** Decodes the frame between {@code frame}'s position and limit, consuming it; see {@link #decode(byte[])}. */
    public static PeerMessage decode(ByteBuffer frame) throws PeerWireException {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return decode(bytes);
    }

    /** Checks a frame's length prefix against the exact size of a fixed-size message {@code id}. */
    static void checkFixedLength(int id, long lengthPrefix) throws PeerWireException {
        int fixed = fixedLengthPrefix(id);
        if (fixed >= 0 && lengthPrefix != fixed) {
            throw new PeerWireException(
                    "message id " + id + " must have length prefix " + fixed + ", got " + lengthPrefix);
        }
        if (fixed < 0 && lengthPrefix < minimumLengthPrefix(id)) {
            throw new PeerWireException("message id " + id + " needs a length prefix of at least "
                    + minimumLengthPrefix(id) + ", got " + lengthPrefix);
        }
    }

    private static int minimumLengthPrefix(int id) {
        if (id == PeerMessage.PIECE) {
            return 9;
        }
        if (id == PeerMessage.HASHES) {
            return 1 + PeerMessage.HashRequest.PAYLOAD_LENGTH;
        }
        return id == PeerMessage.EXTENDED ? 2 : 1;
    }

    /** Decodes the payload after id byte {@code id}, taking ownership of {@code payload}. */
    static PeerMessage decodePayload(int id, byte[] payload) throws PeerWireException {
        checkFixedLength(id, 1L + payload.length);
        ByteBuffer in = ByteBuffer.wrap(payload);
        switch (id) {
            case PeerMessage.CHOKE:
                return PeerMessage.Choke.INSTANCE;
            case PeerMessage.UNCHOKE:
                return PeerMessage.Unchoke.INSTANCE;
            case PeerMessage.INTERESTED:
                return PeerMessage.Interested.INSTANCE;
            case PeerMessage.NOT_INTERESTED:
                return PeerMessage.NotInterested.INSTANCE;
            case PeerMessage.HAVE_ALL:
                return PeerMessage.HaveAll.INSTANCE;
            case PeerMessage.HAVE_NONE:
                return PeerMessage.HaveNone.INSTANCE;
            case PeerMessage.HAVE:
                return new PeerMessage.Have(readIndex(in, "piece index"));
            case PeerMessage.SUGGEST:
                return new PeerMessage.Suggest(readIndex(in, "piece index"));
            case PeerMessage.ALLOWED_FAST:
                return new PeerMessage.AllowedFast(readIndex(in, "piece index"));
            case PeerMessage.BITFIELD:
                return PeerMessage.Bitfield.owning(payload);
            case PeerMessage.REQUEST:
                return new PeerMessage.Request(
                        readIndex(in, "piece index"), readIndex(in, "begin"), readIndex(in, "length"));
            case PeerMessage.CANCEL:
                return new PeerMessage.Cancel(
                        readIndex(in, "piece index"), readIndex(in, "begin"), readIndex(in, "length"));
            case PeerMessage.REJECT_REQUEST:
                return new PeerMessage.RejectRequest(
                        readIndex(in, "piece index"), readIndex(in, "begin"), readIndex(in, "length"));
            case PeerMessage.PIECE:
                return PeerMessage.Piece.owning(
                        readIndex(in, "piece index"), readIndex(in, "begin"), payload, 8, payload.length - 8);
            case PeerMessage.PORT:
                return new PeerMessage.Port(in.getShort() & 0xffff);
            case PeerMessage.EXTENDED:
                return PeerMessage.Extended.owning(payload[0] & 0xff, Arrays.copyOfRange(payload, 1, payload.length));
            case PeerMessage.HASH_REQUEST:
                return readHashRequest(in);
            case PeerMessage.HASH_REJECT:
                return readHashRequest(in).reject();
            case PeerMessage.HASHES:
                return readHashes(in);
            default:
                return PeerMessage.Unknown.owning(id, payload);
        }
    }

    private static PeerMessage.HashRequest readHashRequest(ByteBuffer in) throws PeerWireException {
        byte[] root = new byte[32];
        in.get(root);
        return new PeerMessage.HashRequest(
                root,
                readIndex(in, "base layer"),
                readIndex(in, "index"),
                readIndex(in, "length"),
                readIndex(in, "proof layers"));
    }

    /** A hashes message must carry whole hashes, exactly as many as its header asks for (BEP 52). */
    private static PeerMessage.Hashes readHashes(ByteBuffer in) throws PeerWireException {
        PeerMessage.HashRequest request = readHashRequest(in);
        int bytes = in.remaining();
        if (bytes % 32 != 0) {
            throw new PeerWireException("hashes message with " + bytes + " bytes of hashes, not a multiple of 32");
        }
        if (bytes / 32 != request.answerHashCount()) {
            throw new PeerWireException("hashes message with " + bytes / 32 + " hashes for " + request
                    + ", which needs " + request.answerHashCount());
        }
        byte[] hashes = new byte[bytes];
        in.get(hashes);
        return request.answer(hashes);
    }

    private static int readIndex(ByteBuffer in, String what) throws PeerWireException {
        int value = in.getInt();
        if (value < 0) {
            throw new PeerWireException(what + " " + Integer.toUnsignedString(value) + " exceeds 2^31 - 1");
        }
        return value;
    }
}

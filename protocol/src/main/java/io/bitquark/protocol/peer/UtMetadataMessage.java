package io.bitquark.protocol.peer;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeEncoder;
import io.bitquark.protocol.bencode.BencodeException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A metadata exchange message (BEP 9, extension {@code ut_metadata}): how a client that joined from a magnet
 * link fetches the info dictionary from its peers, in pieces of 16 KiB (the last one shorter).
 *
 * <pre>
 * &lt;len&gt;&lt;id=20&gt;&lt;extended id: the receiver's m["ut_metadata"]&gt;&lt;payload&gt;
 *
 * request  d8:msg_typei0e5:piecei&lt;i&gt;ee
 * data     d8:msg_typei1e5:piecei&lt;i&gt;e10:total_sizei&lt;n&gt;ee&lt;piece bytes&gt;
 * reject   d8:msg_typei2e5:piecei&lt;i&gt;ee
 * </pre>
 *
 * <p>The piece bytes of a data message follow the dictionary directly; the decoder finds where the
 * dictionary ends from its decoded span. It checks that the piece index lies within {@code total_size}
 * and that the data has exactly the length of that piece. Request and reject carry nothing after the
 * dictionary. Other {@code msg_type} values are refused; BEP 9 asks the caller to ignore such messages.
 */
public final class UtMetadataMessage {

    /** The extension name in the {@code m} dictionary of the {@link ExtendedHandshake}. */
    public static final String EXTENSION_NAME = "ut_metadata";
    /** Metadata is exchanged in pieces of 16 KiB. */
    public static final int PIECE_LENGTH = 16 * 1024;

    /** The {@code msg_type} of a message. */
    public enum Type {
        REQUEST(0),
        DATA(1),
        REJECT(2);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final Type type;
    private final int piece;
    private final int totalSize;
    private final byte[] data;

    private UtMetadataMessage(Type type, int piece, int totalSize, byte[] data) {
        if (piece < 0) {
            throw new IllegalArgumentException("piece must not be negative, got " + piece);
        }
        this.type = type;
        this.piece = piece;
        this.totalSize = totalSize;
        this.data = data;
    }

    public static UtMetadataMessage request(int piece) {
        return new UtMetadataMessage(Type.REQUEST, piece, -1, new byte[0]);
    }

    public static UtMetadataMessage reject(int piece) {
        return new UtMetadataMessage(Type.REJECT, piece, -1, new byte[0]);
    }

    /**
     * Piece {@code piece} of metadata {@code totalSize} bytes long.
     *
     * @throws IllegalArgumentException when the piece is beyond the metadata or {@code data} is not its length
     */
    public static UtMetadataMessage data(int piece, int totalSize, byte[] data) {
        String problem = checkData(piece, totalSize, data.length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new UtMetadataMessage(Type.DATA, piece, totalSize, data.clone());
    }

    /** How many pieces metadata of {@code totalSize} bytes has. */
    public static int pieceCount(int totalSize) {
        return (int) ((totalSize + (long) PIECE_LENGTH - 1) / PIECE_LENGTH);
    }

    /** The length of piece {@code piece} of metadata of {@code totalSize} bytes. */
    public static int pieceLength(int piece, int totalSize) {
        return (int) Math.min(PIECE_LENGTH, totalSize - (long) piece * PIECE_LENGTH);
    }

    public Type type() {
        return type;
    }

    public int piece() {
        return piece;
    }

    /** {@code total_size}, present only in data messages. */
    public int totalSize() {
        if (type != Type.DATA) {
            throw new IllegalStateException(type + " carries no total_size");
        }
        return totalSize;
    }

    /** The piece bytes of a data message; empty for request and reject. */
    public byte[] data() {
        return data.clone();
    }

    /** The payload of the extended message: the dictionary, then for data the piece bytes. */
    public byte[] encode() {
        BDictionary.Builder d = BDictionary.builder().put("msg_type", type.code).put("piece", piece);
        if (type == Type.DATA) {
            d.put("total_size", totalSize);
        }
        byte[] dict = BencodeEncoder.encode(d.build());
        byte[] out = Arrays.copyOf(dict, dict.length + data.length);
        System.arraycopy(data, 0, out, dict.length, data.length);
        return out;
    }

    /** The extended message carrying this one, {@code extendedId} being the peer's id for ut_metadata. */
    public PeerMessage.Extended toMessage(int extendedId) {
        return PeerMessage.Extended.owning(extendedId, encode());
    }

    /** Decodes the payload of an extended message that carries ut_metadata. */
    public static UtMetadataMessage decode(byte[] payload) throws PeerWireException {
        BValue root;
        try {
            root = BencodeDecoder.lenient().decode(payload).root();
        } catch (BencodeException e) {
            throw new PeerWireException("ut_metadata message does not start with valid bencode: " + e.getMessage(), e);
        }
        if (!(root instanceof BDictionary dict)) {
            throw new PeerWireException("ut_metadata message does not start with a dictionary");
        }
        int end = dict.span().end();
        Long msgType = dict.getLong("msg_type");
        Long piece = dict.getLong("piece");
        if (msgType == null) {
            throw new PeerWireException("ut_metadata message without an integer msg_type");
        }
        if (piece == null || piece < 0 || piece > Integer.MAX_VALUE) {
            throw new PeerWireException("ut_metadata message without a valid piece index: " + dict.get("piece"));
        }
        int trailing = payload.length - end;
        if (msgType == Type.REQUEST.code || msgType == Type.REJECT.code) {
            if (trailing != 0) {
                throw new PeerWireException(
                        "ut_metadata " + (msgType == 0 ? "request" : "reject") + " followed by " + trailing + " bytes");
            }
            return msgType == 0 ? request(piece.intValue()) : reject(piece.intValue());
        }
        if (msgType != Type.DATA.code) {
            throw new PeerWireException(
                    "ut_metadata msg_type " + msgType + " is not known (BEP 9: ignore the message)");
        }
        Long totalSize = dict.getLong("total_size");
        if (totalSize == null || totalSize < 1 || totalSize > Integer.MAX_VALUE) {
            throw new PeerWireException("ut_metadata data without a valid total_size: " + dict.get("total_size"));
        }
        String problem = checkData(piece.intValue(), totalSize.intValue(), trailing);
        if (problem != null) {
            throw new PeerWireException("ut_metadata data: " + problem);
        }
        return new UtMetadataMessage(
                Type.DATA, piece.intValue(), totalSize.intValue(), Arrays.copyOfRange(payload, end, payload.length));
    }

    private static String checkData(int piece, int totalSize, int dataLength) {
        if (totalSize < 1) {
            return "total_size " + totalSize + " must be positive";
        }
        if (piece < 0 || piece >= pieceCount(totalSize)) {
            return "piece " + piece + " beyond the " + pieceCount(totalSize) + " pieces of " + totalSize + " bytes";
        }
        int expected = pieceLength(piece, totalSize);
        if (dataLength != expected) {
            return "piece " + piece + " of " + totalSize + " bytes must be " + expected + " bytes, got " + dataLength;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UtMetadataMessage other
                && other.type == type
                && other.piece == piece
                && other.totalSize == totalSize
                && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, piece, totalSize, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return type == Type.DATA
                ? "UtMetadataMessage[DATA, piece=" + piece + ", total_size=" + totalSize + ", " + data.length
                        + " bytes]"
                : "UtMetadataMessage[" + type + ", piece=" + piece + "]";
    }
}

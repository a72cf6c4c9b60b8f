package io.bitquark.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeerWireCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("keep-alive", PeerMessage.KeepAlive.INSTANCE, "00000000"),
                Arguments.of("choke", PeerMessage.Choke.INSTANCE, "00000001" + "00"),
                Arguments.of("unchoke", PeerMessage.Unchoke.INSTANCE, "00000001" + "01"),
                Arguments.of("interested", PeerMessage.Interested.INSTANCE, "00000001" + "02"),
                Arguments.of("not interested", PeerMessage.NotInterested.INSTANCE, "00000001" + "03"),
                Arguments.of("have", new PeerMessage.Have(1234), "00000005" + "04" + "000004d2"),
                Arguments.of(
                        "bitfield",
                        new PeerMessage.Bitfield(new byte[] {(byte) 0xff, (byte) 0x80}),
                        "00000003" + "05" + "ff80"),
                Arguments.of(
                        "request",
                        new PeerMessage.Request(1, 16384, 16384),
                        "0000000d" + "06" + "00000001" + "00004000" + "00004000"),
                Arguments.of(
                        "piece",
                        new PeerMessage.Piece(1, 16384, "abc".getBytes(StandardCharsets.US_ASCII)),
                        "0000000c" + "07" + "00000001" + "00004000" + "616263"),
                Arguments.of(
                        "cancel",
                        new PeerMessage.Cancel(2, 0, 16384),
                        "0000000d" + "08" + "00000002" + "00000000" + "00004000"),
                Arguments.of("port", new PeerMessage.Port(6881), "00000003" + "09" + "1ae1"),
                Arguments.of("suggest", new PeerMessage.Suggest(7), "00000005" + "0d" + "00000007"),
                Arguments.of("have all", PeerMessage.HaveAll.INSTANCE, "00000001" + "0e"),
                Arguments.of("have none", PeerMessage.HaveNone.INSTANCE, "00000001" + "0f"),
                Arguments.of(
                        "reject request",
                        new PeerMessage.RejectRequest(3, 32768, 16384),
                        "0000000d" + "10" + "00000003" + "00008000" + "00004000"),
                Arguments.of("allowed fast", new PeerMessage.AllowedFast(1059), "00000005" + "11" + "00000423"),
                Arguments.of(
                        "extended",
                        new PeerMessage.Extended(0, "de".getBytes(StandardCharsets.US_ASCII)),
                        "00000004" + "14" + "00" + "6465"),
                Arguments.of("unknown id", new PeerMessage.Unknown(24, new byte[] {1, 2}), "00000003" + "18" + "0102"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodesEachMessageToItsExactBytes(String name, PeerMessage message, String hex) {
        assertThat(HEX.formatHex(PeerWireCodec.encode(message))).isEqualTo(hex);
        assertThat(PeerWireCodec.frameLength(message)).isEqualTo(hex.length() / 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesEachFrameWithoutItsLengthPrefixBackToTheMessage(String name, PeerMessage message, String hex)
            throws PeerWireException {
        byte[] frame = HEX.parseHex(hex);
        assertThat(PeerWireCodec.decode(Arrays.copyOfRange(frame, 4, frame.length)))
                .isEqualTo(message);
    }

    @Test
    void writesIntoAByteBufferAtItsPosition() {
        ByteBuffer out = ByteBuffer.allocate(20);
        out.put((byte) 0x55);
        PeerWireCodec.encode(new PeerMessage.Have(1), out);
        assertThat(out.position()).isEqualTo(10);
        assertThat(HEX.formatHex(out.array(), 0, 10)).isEqualTo("55" + "00000005" + "04" + "00000001");
    }

    @Test
    void pieceHeaderIsTheFirst13BytesOfThePieceMessage() {
        byte[] block = new byte[16384];
        Arrays.fill(block, (byte) 7);
        byte[] whole = PeerWireCodec.encode(new PeerMessage.Piece(5, 32768, block));
        byte[] header = PeerWireCodec.pieceHeader(5, 32768, block.length);
        assertThat(header).hasSize(PeerWireCodec.PIECE_HEADER_SIZE).isEqualTo(Arrays.copyOf(whole, 13));
        assertThat(HEX.formatHex(header)).isEqualTo("00004009" + "07" + "00000005" + "00008000");
    }

    @Test
    void pieceExposesItsBlockWithoutLettingItBeModified() {
        PeerMessage.Piece piece = new PeerMessage.Piece(0, 0, new byte[] {1, 2, 3});
        piece.block()[0] = 9;
        assertThat(piece.block()).containsExactly(1, 2, 3);
        assertThat(piece.blockBuffer().isReadOnly()).isTrue();
        assertThat(piece.blockBuffer().remaining()).isEqualTo(3);
        assertThat(piece.answers(new PeerMessage.Request(0, 0, 3))).isTrue();
        assertThat(piece.answers(new PeerMessage.Request(0, 0, 4))).isFalse();
    }

    @Test
    void decodedPieceEqualsOneBuiltFromTheSameBlock() throws PeerWireException {
        PeerMessage decoded = PeerWireCodec.decode(HEX.parseHex("07" + "00000009" + "00000010" + "aabbcc"));
        assertThat(decoded).isEqualTo(new PeerMessage.Piece(9, 16, HEX.parseHex("aabbcc")));
        assertThat(decoded.hashCode()).isEqualTo(new PeerMessage.Piece(9, 16, HEX.parseHex("aabbcc")).hashCode());
        assertThat(((PeerMessage.Piece) decoded).block()).isEqualTo(HEX.parseHex("aabbcc"));
    }

    @Test
    void refusesAFixedSizeMessageOfTheWrongSize() {
        assertThrows(PeerWireException.class, () -> PeerWireCodec.decode(HEX.parseHex("04" + "000001")));
        assertThrows(PeerWireException.class, () -> PeerWireCodec.decode(HEX.parseHex("00" + "00")));
        assertThrows(PeerWireException.class, () -> PeerWireCodec.decode(HEX.parseHex("06" + "00000001" + "00000000")));
        assertThrows(PeerWireException.class, () -> PeerWireCodec.decode(HEX.parseHex("09" + "1ae100")));
    }

    @Test
    void refusesAPieceShorterThanItsIndexAndOffset() {
        assertThrows(PeerWireException.class, () -> PeerWireCodec.decode(HEX.parseHex("07" + "00000001" + "0000")));
    }

    @Test
    void refusesAnExtendedMessageWithoutAnExtendedId() {
        assertThrows(PeerWireException.class, () -> PeerWireCodec.decode(HEX.parseHex("14")));
    }

    @Test
    void refusesIndexesAboveTwoToThe31Minus1() {
        PeerWireException e =
                assertThrows(PeerWireException.class, () -> PeerWireCodec.decode(HEX.parseHex("04" + "80000000")));
        assertThat(e.getMessage()).contains("2147483648");
        assertThrows(
                PeerWireException.class,
                () -> PeerWireCodec.decode(HEX.parseHex("06" + "00000000" + "00000000" + "ffffffff")));
        assertThrows(PeerWireException.class, () -> PeerWireCodec.decode(HEX.parseHex("07" + "00000000" + "ffffffff")));
    }

    @Test
    void anEmptyFrameIsAKeepAlive() throws PeerWireException {
        assertThat(PeerWireCodec.decode(new byte[0])).isSameAs(PeerMessage.KeepAlive.INSTANCE);
    }

    @Test
    void anEmptyBitfieldIsAllowed() throws PeerWireException {
        assertThat(PeerWireCodec.decode(HEX.parseHex("05"))).isEqualTo(new PeerMessage.Bitfield(new byte[0]));
    }

    @Test
    void messagesRefuseNegativeIndexesOffsetsAndLengths() {
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.Have(-1));
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.Request(0, -1, 16384));
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.Request(0, 0, -16384));
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.Cancel(-5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.RejectRequest(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.Piece(0, -1, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.Suggest(-1));
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.AllowedFast(-1));
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.Port(65536));
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.Extended(256, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.Unknown(PeerMessage.HAVE, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> PeerWireCodec.pieceHeader(0, 0, -1));
    }

    @Test
    void bitfieldReadsPiecesFromTheHighBitOfTheFirstByte() throws PeerWireException {
        PeerMessage.Bitfield bitfield = new PeerMessage.Bitfield(new byte[] {(byte) 0x80, 0x01});
        assertThat(bitfield.hasPiece(0)).isTrue();
        assertThat(bitfield.hasPiece(1)).isFalse();
        assertThat(bitfield.hasPiece(15)).isTrue();
        assertThat(bitfield.hasPiece(16)).isFalse();
        assertThat(bitfield.toBitSet().stream()).containsExactly(0, 15);
        bitfield.validateFor(16);
        assertThat(PeerMessage.Bitfield.of(bitfield.toBitSet(), 16)).isEqualTo(bitfield);
    }

    @Test
    void bitfieldValidationRefusesSpareBitsAndAWrongLength() {
        PeerMessage.Bitfield bitfield = new PeerMessage.Bitfield(new byte[] {(byte) 0x80, 0x01});
        assertThrows(PeerWireException.class, () -> bitfield.validateFor(15));
        assertThrows(PeerWireException.class, () -> bitfield.validateFor(17));
        assertThrows(PeerWireException.class, () -> bitfield.validateFor(8));
    }
}

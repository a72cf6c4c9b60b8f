package io.bitquark.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtMetadataMessageTest {

    @Test
    void encodesARequest() {
        assertThat(ascii(UtMetadataMessage.request(0).encode())).isEqualTo("d8:msg_typei0e5:piecei0ee");
    }

    @Test
    void encodesAReject() {
        assertThat(ascii(UtMetadataMessage.reject(3).encode())).isEqualTo("d8:msg_typei2e5:piecei3ee");
    }

    @Test
    void encodesDataAsTheDictionaryFollowedByThePieceBytes() {
        byte[] data = new byte[16500 - 16384];
        Arrays.fill(data, (byte) 'x');
        assertThat(ascii(UtMetadataMessage.data(1, 16500, data).encode()))
                .isEqualTo("d8:msg_typei1e5:piecei1e10:total_sizei16500ee" + "x".repeat(116));
    }

    @Test
    void decodesEachType() throws PeerWireException {
        assertThat(UtMetadataMessage.decode(ascii("d8:msg_typei0e5:piecei7ee")))
                .isEqualTo(UtMetadataMessage.request(7));
        assertThat(UtMetadataMessage.decode(ascii("d5:piecei7e8:msg_typei2ee"))).isEqualTo(UtMetadataMessage.reject(7));
        UtMetadataMessage data = UtMetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0e10:total_sizei3eeabc"));
        assertThat(data.type()).isEqualTo(UtMetadataMessage.Type.DATA);
        assertThat(data.totalSize()).isEqualTo(3);
        assertThat(ascii(data.data())).isEqualTo("abc");
    }

    @Test
    void findsTheEndOfTheDictionaryWhenThePieceBytesLookLikeBencode() throws PeerWireException {
        UtMetadataMessage data =
                UtMetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0e10:total_sizei11eed4:infoi1ee"));
        assertThat(ascii(data.data())).isEqualTo("d4:infoi1ee");
        UtMetadataMessage startsWithE = UtMetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0e10:total_sizei2eeee"));
        assertThat(ascii(startsWithE.data())).isEqualTo("ee");
    }

    @Test
    void randomDataMessagesRoundTrip() throws PeerWireException {
        Random random = new Random(8);
        for (int i = 0; i < 200; i++) {
            int totalSize = 1 + random.nextInt(100_000);
            int piece = random.nextInt(UtMetadataMessage.pieceCount(totalSize));
            byte[] bytes = new byte[UtMetadataMessage.pieceLength(piece, totalSize)];
            random.nextBytes(bytes);
            UtMetadataMessage message = UtMetadataMessage.data(piece, totalSize, bytes);
            assertThat(UtMetadataMessage.decode(message.encode())).isEqualTo(message);
        }
    }

    @Test
    void splitsMetadataIn16KibPieces() {
        assertThat(UtMetadataMessage.pieceCount(1)).isEqualTo(1);
        assertThat(UtMetadataMessage.pieceCount(16384)).isEqualTo(1);
        assertThat(UtMetadataMessage.pieceCount(16385)).isEqualTo(2);
        assertThat(UtMetadataMessage.pieceLength(0, 16385)).isEqualTo(16384);
        assertThat(UtMetadataMessage.pieceLength(1, 16385)).isEqualTo(1);
    }

    @Test
    void refusesDataOfTheWrongLength() {
        assertThrows(
                PeerWireException.class,
                () -> UtMetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0e10:total_sizei3eeabcd")));
        assertThrows(
                PeerWireException.class,
                () -> UtMetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0e10:total_sizei20000eeabc")));
        assertThrows(IllegalArgumentException.class, () -> UtMetadataMessage.data(0, 20000, new byte[100]));
    }

    @Test
    void refusesAPieceBeyondTheMetadata() {
        assertThrows(
                PeerWireException.class,
                () -> UtMetadataMessage.decode(ascii("d8:msg_typei1e5:piecei1e10:total_sizei3eeabc")));
        assertThrows(IllegalArgumentException.class, () -> UtMetadataMessage.data(1, 3, new byte[3]));
    }

    @Test
    void refusesDataWithoutAValidTotalSize() {
        assertThrows(PeerWireException.class, () -> UtMetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0eeabc")));
        assertThrows(
                PeerWireException.class,
                () -> UtMetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0e10:total_sizei0ee")));
        assertThrows(
                PeerWireException.class,
                () -> UtMetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0e10:total_sizei4294967296eeabc")));
    }

    @Test
    void refusesAMissingOrNegativePiece() {
        assertThrows(PeerWireException.class, () -> UtMetadataMessage.decode(ascii("d8:msg_typei0ee")));
        assertThrows(PeerWireException.class, () -> UtMetadataMessage.decode(ascii("d8:msg_typei0e5:piecei-1ee")));
        assertThrows(PeerWireException.class, () -> UtMetadataMessage.decode(ascii("d8:msg_typei0e5:piece1:0e")));
    }

    @Test
    void refusesARequestFollowedByBytes() {
        assertThrows(PeerWireException.class, () -> UtMetadataMessage.decode(ascii("d8:msg_typei0e5:piecei0eexyz")));
    }

    @Test
    void refusesAnUnknownMessageType() {
        PeerWireException e = assertThrows(
                PeerWireException.class, () -> UtMetadataMessage.decode(ascii("d8:msg_typei3e5:piecei0ee")));
        assertThat(e.getMessage()).contains("msg_type 3");
    }

    @Test
    void refusesAPayloadThatDoesNotStartWithADictionary() {
        assertThrows(PeerWireException.class, () -> UtMetadataMessage.decode(ascii("i1e")));
        assertThrows(PeerWireException.class, () -> UtMetadataMessage.decode(ascii("xyz")));
        assertThrows(PeerWireException.class, () -> UtMetadataMessage.decode(new byte[0]));
    }

    @Test
    void travelsUnderThePeersExtendedId() throws PeerWireException {
        PeerMessage.Extended message = UtMetadataMessage.request(2).toMessage(3);
        assertThat(message.extendedId()).isEqualTo(3);
        assertThat(UtMetadataMessage.decode(message.payload())).isEqualTo(UtMetadataMessage.request(2));
    }

    @Test
    void onlyDataCarriesATotalSize() {
        assertThrows(
                IllegalStateException.class, () -> UtMetadataMessage.request(0).totalSize());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}

package io.bitquark.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] INFO_HASH = HEX.parseHex("c12fe1c06bba254a9dc9f519b335aa7c1367a88a");
    private static final PeerId PEER_ID = PeerId.of("-qB4250-abcdefghijkl".getBytes(StandardCharsets.US_ASCII));

    @Test
    void encodesThe68ByteLayout() {
        Handshake handshake =
                new Handshake(ReservedBits.none().withExtensionProtocol(true).withFast(true), INFO_HASH, PEER_ID);
        String expected = "13" + HEX.formatHex("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII))
                + "0000000000100004" + "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"
                + HEX.formatHex("-qB4250-abcdefghijkl".getBytes(StandardCharsets.US_ASCII));
        assertThat(HEX.formatHex(handshake.encode())).isEqualTo(expected);
        assertThat(handshake.encode()).hasSize(Handshake.LENGTH);
    }

    @Test
    void decodesWhatItEncodes() throws HandshakeException {
        Handshake handshake = new Handshake(ReservedBits.none().withDht(true), INFO_HASH, PEER_ID);
        Handshake decoded = Handshake.decode(handshake.encode());
        assertThat(decoded).isEqualTo(handshake);
        assertThat(decoded.infoHash()).isEqualTo(INFO_HASH);
        assertThat(decoded.peerId()).isEqualTo(PEER_ID);
        assertThat(decoded.supportsDht()).isTrue();
        assertThat(decoded.supportsFast()).isFalse();
        assertThat(decoded.supportsExtensionProtocol()).isFalse();
    }

    @Test
    void reservedBitsSitWhereTheirBepsPutThem() {
        assertThat(ReservedBits.none().withExtensionProtocol(true).bytes()).isEqualTo(HEX.parseHex("0000000000100000"));
        assertThat(ReservedBits.none().withFast(true).bytes()).isEqualTo(HEX.parseHex("0000000000000004"));
        assertThat(ReservedBits.none().withDht(true).bytes()).isEqualTo(HEX.parseHex("0000000000000001"));
        ReservedBits all = ReservedBits.of(HEX.parseHex("0000000000100005"));
        assertThat(all.supportsExtensionProtocol()).isTrue();
        assertThat(all.supportsFast()).isTrue();
        assertThat(all.supportsDht()).isTrue();
        assertThat(all.withFast(false).bytes()).isEqualTo(HEX.parseHex("0000000000100001"));
    }

    @Test
    void keepsReservedBitsItHasNoNameFor() throws HandshakeException {
        ReservedBits bits = ReservedBits.of(HEX.parseHex("8000000000180005"));
        Handshake decoded = Handshake.decode(new Handshake(bits, INFO_HASH, PEER_ID).encode());
        assertThat(decoded.reserved().bytes()).isEqualTo(HEX.parseHex("8000000000180005"));
        assertThat(decoded.reserved().isSet(5, 0x08)).isTrue();
        assertThat(decoded.reserved().withExtensionProtocol(false).bytes()).isEqualTo(HEX.parseHex("8000000000080005"));
    }

    @Test
    void aSeederReadsTheHeaderBeforeThePeerId() throws HandshakeException {
        byte[] bytes = new Handshake(ReservedBits.none().withFast(true), INFO_HASH, PEER_ID).encode();
        Handshake.Header header = Handshake.decodeHeader(ByteBuffer.wrap(bytes, 0, Handshake.HEADER_LENGTH));
        assertThat(header.infoHash()).isEqualTo(INFO_HASH);
        assertThat(header.reserved().supportsFast()).isTrue();
        PeerId peerId = Handshake.decodePeerId(ByteBuffer.wrap(bytes, Handshake.PEER_ID_OFFSET, PeerId.LENGTH));
        assertThat(header.withPeerId(peerId)).isEqualTo(Handshake.decode(bytes));
    }

    @Test
    void offsetsMatchTheLayout() {
        byte[] bytes = new Handshake(ReservedBits.none(), INFO_HASH, PEER_ID).encode();
        assertThat(Arrays.copyOfRange(bytes, Handshake.INFO_HASH_OFFSET, Handshake.INFO_HASH_OFFSET + 20))
                .isEqualTo(INFO_HASH);
        assertThat(Arrays.copyOfRange(bytes, Handshake.PEER_ID_OFFSET, Handshake.LENGTH))
                .isEqualTo(PEER_ID.bytes());
        assertThat(Arrays.copyOfRange(bytes, Handshake.RESERVED_OFFSET, Handshake.INFO_HASH_OFFSET))
                .containsOnly(0);
    }

    @Test
    void decodingFromABufferLeavesTheFollowingBytesInIt() throws HandshakeException {
        byte[] handshake = new Handshake(ReservedBits.none(), INFO_HASH, PEER_ID).encode();
        ByteBuffer in = ByteBuffer.allocate(Handshake.LENGTH + 5);
        in.put(handshake).put(HEX.parseHex("0000000102")).flip();
        Handshake.decode(in);
        assertThat(in.remaining()).isEqualTo(5);
        assertThat(in.get()).isEqualTo((byte) 0);
    }

    @Test
    void refusesAWrongPstrlen() {
        byte[] bytes = new Handshake(ReservedBits.none(), INFO_HASH, PEER_ID).encode();
        bytes[0] = 18;
        HandshakeException e = assertThrows(HandshakeException.class, () -> Handshake.decode(bytes));
        assertThat(e.getMessage()).contains("pstrlen is 18");
    }

    @Test
    void refusesAWrongProtocolString() {
        byte[] bytes = new Handshake(ReservedBits.none(), INFO_HASH, PEER_ID).encode();
        bytes[12] = 'P';
        HandshakeException e = assertThrows(HandshakeException.class, () -> Handshake.decode(bytes));
        assertThat(e.getMessage()).contains("byte 12");
    }

    @Test
    void refusesAnEncryptedStreamFromItsFirstByte() {
        assertThrows(
                HandshakeException.class,
                () -> Handshake.checkProtocolPrefix(ByteBuffer.wrap(new byte[] {(byte) 0x8f})));
    }

    @Test
    void acceptsAProtocolPrefixThatIsStillIncomplete() throws HandshakeException {
        ByteBuffer partial =
                ByteBuffer.wrap(Arrays.copyOf(new Handshake(ReservedBits.none(), INFO_HASH, PEER_ID).encode(), 7));
        Handshake.checkProtocolPrefix(partial);
        assertThat(partial.position()).isZero();
    }

    @Test
    void refusesTooFewBytes() {
        byte[] bytes = new Handshake(ReservedBits.none(), INFO_HASH, PEER_ID).encode();
        assertThrows(HandshakeException.class, () -> Handshake.decode(Arrays.copyOf(bytes, 67)));
        assertThrows(HandshakeException.class, () -> Handshake.decodeHeader(ByteBuffer.wrap(bytes, 0, 47)));
        assertThrows(HandshakeException.class, () -> Handshake.decodePeerId(ByteBuffer.wrap(bytes, 50, 18)));
    }

    @Test
    void refusesAnInfoHashThatIsNot20Bytes() {
        assertThrows(IllegalArgumentException.class, () -> new Handshake(ReservedBits.none(), new byte[32], PEER_ID));
    }
}

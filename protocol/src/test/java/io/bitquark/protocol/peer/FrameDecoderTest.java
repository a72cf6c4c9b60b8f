package io.bitquark.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void decodesSeveralMessagesFromOneChunk() throws PeerWireException {
        byte[] stream = HEX.parseHex("00000000" + "0000000101" + "00000005" + "04" + "00000007" + "00000001" + "0e");
        assertThat(new FrameDecoder().feed(stream))
                .containsExactly(
                        PeerMessage.KeepAlive.INSTANCE,
                        PeerMessage.Unchoke.INSTANCE,
                        new PeerMessage.Have(7),
                        PeerMessage.HaveAll.INSTANCE);
    }

    @Test
    void yieldsTheSameMessagesFedOneByteAtATime() throws PeerWireException {
        Random random = new Random(1);
        List<PeerMessage> messages = randomMessages(random, 200);
        byte[] stream = concatenate(messages);
        FrameDecoder decoder = new FrameDecoder();
        List<PeerMessage> decoded = new ArrayList<>();
        for (byte b : stream) {
            decoded.addAll(decoder.feed(new byte[] {b}));
        }
        assertThat(decoded).isEqualTo(messages);
        assertThat(decoder.isAtFrameBoundary()).isTrue();
    }

    @Test
    void yieldsTheSameMessagesFedInRandomChunks() throws PeerWireException {
        Random random = new Random(2);
        for (int round = 0; round < 50; round++) {
            List<PeerMessage> messages = randomMessages(random, 40);
            byte[] stream = concatenate(messages);
            FrameDecoder decoder = new FrameDecoder();
            List<PeerMessage> decoded = new ArrayList<>();
            int offset = 0;
            while (offset < stream.length) {
                int n = Math.min(stream.length - offset, random.nextInt(3000));
                decoded.addAll(decoder.feed(stream, offset, n));
                offset += n;
            }
            assertThat(decoded).isEqualTo(messages);
        }
    }

    @Test
    void readsDirectBuffersAndConsumesThemWhole() throws PeerWireException {
        byte[] stream = concatenate(List.of(new PeerMessage.Request(1, 2, 3), new PeerMessage.Port(6881)));
        ByteBuffer direct = ByteBuffer.allocateDirect(stream.length + 2);
        direct.put(stream, 0, 20).flip();
        FrameDecoder decoder = new FrameDecoder();
        assertThat(decoder.feed(direct)).containsExactly(new PeerMessage.Request(1, 2, 3));
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(decoder.bufferedBytes()).isEqualTo(3);
        direct.clear();
        direct.put(stream, 20, stream.length - 20).flip();
        assertThat(decoder.feed(direct)).containsExactly(new PeerMessage.Port(6881));
    }

    @Test
    void refusesAHugeLengthPrefixAsSoonAsItsFourBytesAreIn() throws PeerWireException {
        FrameDecoder decoder = new FrameDecoder();
        assertThat(decoder.feed(HEX.parseHex("7fffff"))).isEmpty();
        PeerWireException e = assertThrows(PeerWireException.class, () -> decoder.feed(HEX.parseHex("ff")));
        assertThat(e.getMessage()).contains("2147483647").contains("limit");
    }

    @Test
    void refusesALengthPrefixWithTheHighBitSet() {
        PeerWireException e =
                assertThrows(PeerWireException.class, () -> new FrameDecoder().feed(HEX.parseHex("ffffffff")));
        assertThat(e.getMessage()).contains("4294967295");
    }

    @Test
    void refusesAPieceLargerThanTheBlockLimitOnceTheIdIsIn() throws PeerWireException {
        FrameDecoder decoder = new FrameDecoder();
        assertThat(decoder.feed(HEX.parseHex("0000400a"))).isEmpty();
        assertThrows(PeerWireException.class, () -> decoder.feed(HEX.parseHex("07")));
    }

    @Test
    void acceptsAPieceOfExactlyTheBlockLimit() throws PeerWireException {
        PeerMessage piece = new PeerMessage.Piece(0, 0, new byte[FrameLimits.DEFAULT_MAX_BLOCK_LENGTH]);
        assertThat(new FrameDecoder().feed(PeerWireCodec.encode(piece))).containsExactly(piece);
    }

    @Test
    void bitfieldsAndExtendedMessagesHaveTheirOwnLargerLimits() throws PeerWireException {
        PeerMessage bitfield = new PeerMessage.Bitfield(new byte[100_000]);
        PeerMessage extended = new PeerMessage.Extended(3, new byte[500_000]);
        assertThat(new FrameDecoder().feed(PeerWireCodec.encode(bitfield))).containsExactly(bitfield);
        assertThat(new FrameDecoder().feed(PeerWireCodec.encode(extended))).containsExactly(extended);
        FrameDecoder strict = new FrameDecoder(new FrameLimits(16384, 1000, 1000, 10));
        assertThrows(PeerWireException.class, () -> strict.feed(PeerWireCodec.encode(bitfield)));
    }

    @Test
    void limitsAreConfigurable() {
        FrameDecoder small = new FrameDecoder(new FrameLimits(1024, 128, 256, 16));
        assertThat(small.limits().maxLengthPrefix()).isEqualTo(1 + 8 + 1024);
        assertThrows(PeerWireException.class, () -> small.feed(HEX.parseHex("0000040a")));
        assertThrows(PeerWireException.class, () -> new FrameDecoder(new FrameLimits(1024, 128, 256, 16))
                .feed(HEX.parseHex("00000012" + "15")));
        assertThrows(IllegalArgumentException.class, () -> new FrameLimits(-1, 0, 0, 0));
    }

    @Test
    void refusesAFixedSizeMessageWithTheWrongLengthPrefixBeforeReadingItsPayload() {
        assertThrows(PeerWireException.class, () -> new FrameDecoder().feed(HEX.parseHex("00000006" + "04")));
        assertThrows(PeerWireException.class, () -> new FrameDecoder().feed(HEX.parseHex("00000002" + "00")));
        assertThrows(PeerWireException.class, () -> new FrameDecoder().feed(HEX.parseHex("00000005" + "07")));
    }

    @Test
    void refusesFurtherInputAfterAFailure() {
        FrameDecoder decoder = new FrameDecoder();
        assertThrows(PeerWireException.class, () -> decoder.feed(HEX.parseHex("ffffffff")));
        PeerWireException e = assertThrows(PeerWireException.class, () -> decoder.feed(HEX.parseHex("00000000")));
        assertThat(e.getMessage()).contains("failed earlier");
    }

    @Test
    void reportsAPartialFrame() throws PeerWireException {
        FrameDecoder decoder = new FrameDecoder();
        assertThat(decoder.isAtFrameBoundary()).isTrue();
        decoder.feed(HEX.parseHex("0000000504000000"));
        assertThat(decoder.isAtFrameBoundary()).isFalse();
        assertThat(decoder.bufferedBytes()).isEqualTo(8);
        assertThat(decoder.feed(HEX.parseHex("01"))).containsExactly(new PeerMessage.Have(1));
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void takesOverTheBytesThatFollowTheHandshake() throws PeerWireException {
        byte[] infoHash = new byte[20];
        PeerId peerId = PeerId.of("-TR4040-000000000000".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(new Handshake(ReservedBits.none().withFast(true), infoHash, peerId).encode());
        stream.writeBytes(PeerWireCodec.encode(PeerMessage.HaveNone.INSTANCE));
        stream.writeBytes(PeerWireCodec.encode(new PeerMessage.AllowedFast(4)));
        ByteBuffer received = ByteBuffer.wrap(stream.toByteArray());

        Handshake handshake = Handshake.decode(received);
        List<PeerMessage> messages = new FrameDecoder().feed(received);

        assertThat(handshake.peerId()).isEqualTo(peerId);
        assertThat(messages).containsExactly(PeerMessage.HaveNone.INSTANCE, new PeerMessage.AllowedFast(4));
    }

    @Test
    void randomMessagesRoundTripThroughCodecAndDecoder() throws PeerWireException {
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            PeerMessage message = PeerMessages.random(random);
            byte[] frame = PeerWireCodec.encode(message);
            assertThat(new FrameDecoder().feed(frame)).containsExactly(message);
            assertThat(PeerWireCodec.decode(ByteBuffer.wrap(frame, 4, frame.length - 4)))
                    .isEqualTo(message);
        }
    }

    private static List<PeerMessage> randomMessages(Random random, int count) {
        List<PeerMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(PeerMessages.random(random));
        }
        return messages;
    }

    private static byte[] concatenate(List<PeerMessage> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PeerMessage m : messages) {
            out.writeBytes(PeerWireCodec.encode(m));
        }
        return out.toByteArray();
    }
}

package io.bitquark.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BEP 52 hash request (21), hashes (22) and hash reject (23) on the wire. */
class HashMessagesTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String ROOT_HEX = "11".repeat(32);
    private static final byte[] ROOT = HEX.parseHex(ROOT_HEX);
    /** base layer 4, index 512, length 2, proof layers 3. */
    private static final String FIELDS_HEX = "00000004" + "00000200" + "00000002" + "00000003";

    private static final PeerMessage.HashRequest REQUEST = new PeerMessage.HashRequest(ROOT, 4, 512, 2, 3);

    private static PeerMessage decodeFrame(String hex) throws PeerWireException {
        byte[] frame = HEX.parseHex(hex);
        return PeerWireCodec.decode(Arrays.copyOfRange(frame, 4, frame.length));
    }

    @Test
    void aHashRequestIsTheRootAndFourIntegersAfterId21() throws PeerWireException {
        String wire = "00000031" + "15" + ROOT_HEX + FIELDS_HEX;

        assertThat(HEX.formatHex(PeerWireCodec.encode(REQUEST))).isEqualTo(wire);
        assertThat(decodeFrame(wire)).isEqualTo(REQUEST);
    }

    @Test
    void aHashRejectRepeatsTheRequestAfterId23() throws PeerWireException {
        String wire = "00000031" + "17" + ROOT_HEX + FIELDS_HEX;

        assertThat(HEX.formatHex(PeerWireCodec.encode(REQUEST.reject()))).isEqualTo(wire);
        assertThat(decodeFrame(wire)).isEqualTo(new PeerMessage.HashReject(REQUEST));
    }

    @Test
    void hashesCarryTheBaseHashesThenOneUnclePerProofLayerAboveTheirSubtree() throws PeerWireException {
        // length 2: a subtree of one layer; proof layers 3: uncles at base + 1, + 2, + 3
        assertThat(REQUEST.answerHashCount()).isEqualTo(2 + 3);
        String hashes = "aa".repeat(32 * 5);
        String wire = "000000d1" + "16" + ROOT_HEX + FIELDS_HEX + hashes;

        PeerMessage.Hashes answer = REQUEST.answer(HEX.parseHex(hashes));
        assertThat(HEX.formatHex(PeerWireCodec.encode(answer))).isEqualTo(wire);
        assertThat(decodeFrame(wire)).isEqualTo(answer);
        assertThat(((PeerMessage.Hashes) decodeFrame(wire)).request()).isEqualTo(REQUEST);
    }

    @Test
    void aRequestCoveringItsWholeProofNeedsNoUncles() {
        assertThat(new PeerMessage.HashRequest(ROOT, 4, 0, 8, 2).answerHashCount())
                .isEqualTo(8);
        assertThat(new PeerMessage.HashRequest(ROOT, 4, 0, 8, 3).answerHashCount())
                .isEqualTo(9);
        assertThat(new PeerMessage.HashRequest(ROOT, 4, 0, 1, 0).answerHashCount())
                .isEqualTo(2);
    }

    @Test
    void aHashRequestOrRejectOfAnyOtherSizeIsAProtocolError() {
        for (String id : List.of("15", "17")) {
            assertThatThrownBy(() -> PeerWireCodec.decode(HEX.parseHex(id + ROOT_HEX + FIELDS_HEX + "00")))
                    .isInstanceOf(PeerWireException.class);
            assertThatThrownBy(() -> PeerWireCodec.decode(HEX.parseHex(id + ROOT_HEX + "00000004")))
                    .isInstanceOf(PeerWireException.class);
        }
    }

    @Test
    void hashesWithAPartialHashOrTheWrongCountAreAProtocolError() {
        String header = "16" + ROOT_HEX + FIELDS_HEX;
        assertThatThrownBy(() -> PeerWireCodec.decode(HEX.parseHex(header + "aa".repeat(32 * 5 + 1))))
                .isInstanceOf(PeerWireException.class)
                .hasMessageContaining("multiple of 32");
        assertThatThrownBy(() -> PeerWireCodec.decode(HEX.parseHex(header + "aa".repeat(32 * 4))))
                .isInstanceOf(PeerWireException.class)
                .hasMessageContaining("needs 5");
        assertThatThrownBy(() -> PeerWireCodec.decode(HEX.parseHex("16" + ROOT_HEX)))
                .isInstanceOf(PeerWireException.class);
    }

    @Test
    void fieldsAboveTwoToThe31Minus1AreAProtocolError() {
        assertThatThrownBy(() -> PeerWireCodec.decode(
                        HEX.parseHex("15" + ROOT_HEX + "00000004" + "80000000" + "00000002" + "00000003")))
                .isInstanceOf(PeerWireException.class)
                .hasMessageContaining("2147483648");
    }

    @Test
    void theFrameDecoderKnowsTheFixedSizeOfARequestBeforeReadingIt() {
        FrameDecoder decoder = new FrameDecoder();
        assertThatThrownBy(() -> decoder.feed(HEX.parseHex("00000032" + "15")))
                .isInstanceOf(PeerWireException.class)
                .hasMessageContaining("49");
    }

    @Test
    void aRequestKeepsItsRootToItselfAndRefusesNegativeFields() {
        byte[] root = ROOT.clone();
        PeerMessage.HashRequest request = new PeerMessage.HashRequest(root, 0, 0, 2, 0);
        root[0] = 0;
        request.piecesRoot()[1] = 0;
        assertThat(request.piecesRoot()).isEqualTo(ROOT);
        assertThatThrownBy(() -> new PeerMessage.HashRequest(new byte[31], 0, 0, 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.HashRequest(ROOT, 0, -1, 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> REQUEST.answer(new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }
}

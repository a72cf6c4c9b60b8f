package io.bitquark.seeder.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireException;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** A peer's pieces, as its bitfield, have all / have none and have messages tell them, checked against the torrent. */
class PeerPiecesTest {

    /** Ten pieces: a bitfield of two bytes, the last six bits spare. */
    private final PeerPieces pieces = new PeerPieces(10);

    private static BitSet of(int... indexes) {
        BitSet set = new BitSet();
        for (int i : indexes) {
            set.set(i);
        }
        return set;
    }

    @Test
    void aPeerStartsWithNoPiece() {
        assertThat(pieces.count()).isZero();
        assertThat(pieces.has(0)).isFalse();
        assertThat(pieces.complete()).isFalse();
    }

    @Test
    void aBitfieldSaysWhichPiecesThePeerHas() throws Exception {
        pieces.bitfield(PeerMessage.Bitfield.of(of(0, 3, 9), 10));
        assertThat(pieces.snapshot()).isEqualTo(of(0, 3, 9));
        assertThat(pieces.count()).isEqualTo(3);
        assertThat(pieces.has(3)).isTrue();
        assertThat(pieces.has(4)).isFalse();
    }

    @Test
    void aBitfieldOfTheWrongLengthIsRefusedAndChangesNothing() throws Exception {
        pieces.bitfield(PeerMessage.Bitfield.of(of(1), 10));
        assertThatThrownBy(() -> pieces.bitfield(new PeerMessage.Bitfield(new byte[] {(byte) 0xff})))
                .isInstanceOf(PeerWireException.class)
                .hasMessageContaining("bitfield of 1 bytes for 10 pieces");
        assertThatThrownBy(() -> pieces.bitfield(new PeerMessage.Bitfield(new byte[3])))
                .isInstanceOf(PeerWireException.class);
        assertThat(pieces.snapshot()).isEqualTo(of(1));
    }

    @Test
    void aBitfieldWithSpareBitsSetIsRefused() {
        assertThatThrownBy(() -> pieces.bitfield(new PeerMessage.Bitfield(new byte[] {0, 0x01})))
                .isInstanceOf(PeerWireException.class)
                .hasMessageContaining("spare bits");
        assertThat(pieces.count()).isZero();
    }

    @Test
    void haveAddsOnePieceOnceAndRefusesAPieceBeyondTheTorrent() {
        assertThat(pieces.have(4)).isTrue();
        assertThat(pieces.have(4)).isTrue();
        assertThat(pieces.count()).isEqualTo(1);
        assertThat(pieces.have(10)).isFalse();
        assertThat(pieces.snapshot()).isEqualTo(of(4));
    }

    @Test
    void haveAllMakesThePeerASeedAndHaveNoneEmptiesIt() {
        pieces.haveAll();
        assertThat(pieces.complete()).isTrue();
        assertThat(pieces.count()).isEqualTo(10);
        assertThat(pieces.has(9)).isTrue();
        assertThat(pieces.has(10)).isFalse();
        pieces.haveNone();
        assertThat(pieces.count()).isZero();
    }

    @Test
    void aLaterBitfieldReplacesWhatWasKnown() throws Exception {
        pieces.haveAll();
        pieces.bitfield(PeerMessage.Bitfield.of(of(2), 10));
        assertThat(pieces.snapshot()).isEqualTo(of(2));
        assertThat(pieces.count()).isEqualTo(1);
    }

    @Test
    void havesCompleteAPeerPieceByPiece() {
        for (int i = 0; i < 10; i++) {
            pieces.have(i);
        }
        assertThat(pieces.complete()).isTrue();
    }
}

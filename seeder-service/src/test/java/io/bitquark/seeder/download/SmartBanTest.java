package io.bitquark.seeder.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who is banned for bad blocks: proven twice, in distinct pieces, and nobody else. */
class SmartBanTest {

    static ByteBuffer good(int piece, int block) {
        byte[] bytes = new byte[64];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (piece * 31 + block * 7 + i);
        }
        return ByteBuffer.wrap(bytes);
    }

    static ByteBuffer bad(int piece, int block) {
        ByteBuffer bytes = good(piece, block);
        bytes.put(5, (byte) ~bytes.get(5));
        return bytes;
    }

    /** A piece of four blocks from {@code senders}, the blocks of {@code liar} bad. */
    static List<SmartBan.Block<String>> piece(int piece, String liar, String... senders) {
        List<SmartBan.Block<String>> blocks = new ArrayList<>();
        for (int b = 0; b < senders.length; b++) {
            String sender = senders[b];
            blocks.add(new SmartBan.Block<>(b, sender, sender.equals(liar) ? bad(piece, b) : good(piece, b)));
        }
        return blocks;
    }

    @Test
    void aPeerProvenBadInTwoPiecesIsBannedAndTheHonestPeerSharingThemIsNot() {
        SmartBan<String> ban = new SmartBan<>();
        assertThat(ban.pieceFailed(1, piece(1, "liar", "honest", "liar", "honest", "liar")))
                .isEmpty();
        assertThat(ban.piecePassed(1, piece(1, null, "honest", "honest", "honest", "honest")))
                .as("one proof")
                .isEmpty();
        assertThat(ban.pieceFailed(2, piece(2, "liar", "liar", "honest", "liar", "honest")))
                .isEmpty();

        assertThat(ban.piecePassed(2, piece(2, null, "other", "other", "other", "other")))
                .containsExactly("liar");
        assertThat(ban.banned("liar")).isTrue();
        assertThat(ban.banned("honest")).isFalse();
        assertThat(ban.remembered()).isZero();
    }

    @Test
    void theOnlyContributorOfAFailedPieceIsProvenBadByTheFailure() {
        SmartBan<String> ban = new SmartBan<>();
        assertThat(ban.pieceFailed(3, piece(3, "liar", "liar", "liar", "liar", "liar")))
                .isEmpty();
        assertThat(ban.pieceFailed(4, piece(4, "liar", "liar", "liar"))).containsExactly("liar");
    }

    @Test
    void twoProofsInOnePieceAreOne() {
        SmartBan<String> ban = new SmartBan<>();
        ban.pieceFailed(5, piece(5, "liar", "liar", "liar", "liar", "liar"));
        ban.pieceFailed(5, piece(5, "liar", "liar", "liar", "liar", "liar"));
        assertThat(ban.piecePassed(5, piece(5, null, "x", "x", "x", "x"))).isEmpty();
        assertThat(ban.banned("liar")).isFalse();
    }

    @Test
    void aPeerThatNeverSentABadBlockIsNeverBanned() {
        SmartBan<String> ban = new SmartBan<>();
        for (int piece = 0; piece < 20; piece++) {
            ban.pieceFailed(piece, piece(piece, "liar", "honest", "liar", "honest", "honest"));
            ban.piecePassed(piece, piece(piece, null, "honest", "honest", "honest", "honest"));
        }
        assertThat(ban.banned("honest")).isFalse();
        assertThat(ban.banned("liar")).isTrue();
    }
}

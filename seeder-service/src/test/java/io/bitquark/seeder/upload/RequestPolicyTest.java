package io.bitquark.seeder.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.peer.DisconnectReason;
import io.bitquark.seeder.peer.PieceSetTorrent;
import io.bitquark.seeder.peer.RejectReason;
import io.bitquark.seeder.peer.ServedTorrent;
import io.bitquark.seeder.upload.RequestPolicy.Action;
import io.bitquark.seeder.upload.RequestPolicy.Verdict;
import org.junit.jupiter.api.Test;

class RequestPolicyTest {

    private static final int PIECE = 64 * 1024;
    private static final int BLOCK = 16 * 1024;
    private final RequestPolicy policy = new RequestPolicy(BLOCK, 4);

    /** Ten pieces of 64 KiB, the last one 1000 bytes; pieces 0 to 7 had. */
    private final ServedTorrent torrent = new PieceSetTorrent(10, index -> index == 9 ? 1000 : PIECE).having(8);

    private record Peer(boolean fast, boolean choked, int outstanding) implements RequestPolicy.Peer {
        @Override
        public boolean allowedFast(int pieceIndex) {
            return pieceIndex == 3;
        }
    }

    private static final Peer FAST = new Peer(true, false, 0);
    private static final Peer PLAIN = new Peer(false, false, 0);

    private Verdict judge(Peer peer, int index, int begin, int length) {
        return policy.judge(torrent, new PeerMessage.Request(index, begin, length), peer);
    }

    @Test
    void servesABlockInsideAPieceItHas() {
        assertThat(judge(FAST, 0, PIECE - BLOCK, BLOCK)).isEqualTo(Verdict.SERVE);
        assertThat(judge(PLAIN, 7, 0, BLOCK)).isEqualTo(Verdict.SERVE);
    }

    @Test
    void aBlockOutsideTheTorrentOrItsPieceIsRejectedForFastPeersAndDisconnectsOthers() {
        for (int[] bad : new int[][] {{10, 0, BLOCK}, {0, PIECE - 100, BLOCK}, {9, 0, 1001}, {0, 0, 0}}) {
            assertThat(judge(FAST, bad[0], bad[1], bad[2]))
                    .isEqualTo(new Verdict(Action.REJECT, RejectReason.OUTSIDE_PIECE, null));
            assertThat(judge(PLAIN, bad[0], bad[1], bad[2]))
                    .isEqualTo(Verdict.disconnect(DisconnectReason.INVALID_REQUEST));
        }
    }

    @Test
    void aBlockOverTheMaximumIsRejectedForFastPeersAndDisconnectsOthers() {
        assertThat(judge(FAST, 0, 0, BLOCK + 1))
                .isEqualTo(new Verdict(Action.REJECT, RejectReason.OVERSIZED_BLOCK, null));
        assertThat(judge(PLAIN, 0, 0, BLOCK + 1)).isEqualTo(Verdict.disconnect(DisconnectReason.OVERSIZED_REQUEST));
    }

    @Test
    void oneRequestPastReqqDisconnectsEveryPeer() {
        assertThat(judge(new Peer(true, false, 3), 0, 0, BLOCK)).isEqualTo(Verdict.SERVE);
        assertThat(judge(new Peer(true, false, 4), 0, 0, BLOCK))
                .isEqualTo(Verdict.disconnect(DisconnectReason.TOO_MANY_REQUESTS));
        assertThat(judge(new Peer(false, false, 4), 0, 0, BLOCK))
                .isEqualTo(Verdict.disconnect(DisconnectReason.TOO_MANY_REQUESTS));
    }

    @Test
    void aChokedPeersRequestIsRejectedOrIgnoredUnlessThePieceIsAllowedFast() {
        assertThat(judge(new Peer(true, true, 0), 0, 0, BLOCK))
                .isEqualTo(new Verdict(Action.REJECT, RejectReason.CHOKED, null));
        assertThat(judge(new Peer(false, true, 0), 0, 0, BLOCK))
                .isEqualTo(new Verdict(Action.IGNORE, RejectReason.CHOKED, null));
        assertThat(judge(new Peer(true, true, 0), 3, 0, BLOCK)).isEqualTo(Verdict.SERVE);
    }

    @Test
    void aPieceNotHadIsRejectedForFastPeersAndIgnoredForOthers() {
        assertThat(judge(FAST, 8, 0, BLOCK)).isEqualTo(new Verdict(Action.REJECT, RejectReason.PIECE_MISSING, null));
        assertThat(judge(PLAIN, 8, 0, BLOCK)).isEqualTo(new Verdict(Action.IGNORE, RejectReason.PIECE_MISSING, null));
    }
}

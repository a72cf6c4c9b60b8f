package io.bitquark.seeder.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.peer.PeerMessage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** How the picker chooses blocks: random start, rarest first, partials, endgame and cancels. */
class PiecePickerTest {

    static final int BLOCK = PiecePicker.BLOCK_LENGTH;
    static final IntPredicate ALL = piece -> true;

    /** A torrent of {@code pieces} pieces of 4 blocks, the last piece 1.5 blocks long. */
    static PiecePicker<String> picker(int pieces, BitSet have, long seed) {
        return new PiecePicker<>(
                (long) (pieces - 1) * 4 * BLOCK + BLOCK + BLOCK / 2, 4 * BLOCK, have, new SplittableRandom(seed));
    }

    static BitSet firstPieces(int n) {
        BitSet have = new BitSet();
        have.set(0, n);
        return have;
    }

    static List<PeerMessage.Request> pick(PiecePicker<String> picker, String peer, IntPredicate has, int max) {
        List<PeerMessage.Request> out = new ArrayList<>();
        assertThat(picker.pick(peer, has, max, out)).isEqualTo(out.size());
        return out;
    }

    @Test
    void aPiecesBlocksAreAskedForInOrderAndTheLastPieceEndsWithAShortBlock() {
        PiecePicker<String> picker = picker(3, firstPieces(2), 1);
        picker.peerJoined();
        picker.gotHaveAll();

        assertThat(pick(picker, "a", ALL, 10))
                .containsExactly(new PeerMessage.Request(2, 0, BLOCK), new PeerMessage.Request(2, BLOCK, BLOCK / 2));
        assertThat(picker.pieceLength(2)).isEqualTo(BLOCK + BLOCK / 2);
        assertThat(picker.blocksIn(0)).isEqualTo(4);
    }

    @Test
    void theFirstFourPiecesAreRandomEvenWhenOneIsRarer() {
        Set<Integer> firstPicks = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            PiecePicker<String> picker = picker(64, new BitSet(), seed);
            twoPeersOneLacking(picker, 7);
            firstPicks.add(pick(picker, "a", ALL, 1).get(0).pieceIndex());
        }
        assertThat(firstPicks)
                .as("the rarest piece is 7, a random start ignores it")
                .hasSizeGreaterThan(10);
    }

    @Test
    void onceFourPiecesAreVerifiedTheRarestPieceComesFirst() {
        for (long seed = 0; seed < 40; seed++) {
            PiecePicker<String> picker = picker(64, firstPieces(4), seed);
            twoPeersOneLacking(picker, 7);
            assertThat(pick(picker, "a", ALL, 1).get(0).pieceIndex()).isEqualTo(7);
        }
    }

    /** A seed (have all) and a peer with every piece but {@code rarest}: that piece has availability 1, the others 2. */
    private static void twoPeersOneLacking(PiecePicker<String> picker, int rarest) {
        picker.peerJoined();
        picker.gotHaveAll();
        picker.peerJoined();
        BitSet most = new BitSet();
        most.set(0, picker.pieceCount());
        most.clear(rarest);
        picker.gotBitfield(most);
        assertThat(picker.availability(rarest)).isEqualTo(1);
        assertThat(picker.availability(rarest + 1)).isEqualTo(2);
    }

    @Test
    void amongEquallyRarePiecesTheChoiceIsRandom() {
        Set<Integer> firstPicks = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            PiecePicker<String> picker = picker(64, firstPieces(4), seed);
            picker.peerJoined();
            BitSet all = new BitSet();
            all.set(0, 64);
            picker.gotBitfield(all); // every piece entered bucket 1 in index order
            firstPicks.add(pick(picker, "a", ALL, 1).get(0).pieceIndex());
        }
        assertThat(firstPicks).hasSizeGreaterThan(10);
    }

    @Test
    void aPeerIsOnlyAskedForPiecesItHas() {
        PiecePicker<String> picker = picker(64, firstPieces(4), 3);
        picker.peerJoined();
        picker.gotHave(40);
        picker.gotHave(41);
        IntPredicate has = piece -> piece == 40 || piece == 41;

        assertThat(pick(picker, "a", has, 100))
                .extracting(PeerMessage.Request::pieceIndex)
                .containsOnly(40, 41)
                .hasSize(8);
    }

    @Test
    void whenStartedPiecesOutnumberPeersOneAndAHalfTimesTheyAreFinishedFirst() {
        PiecePicker<String> picker = picker(64, firstPieces(4), 5);
        picker.peerJoined();
        picker.gotHaveAll();
        BitSet rare = new BitSet();
        rare.set(50);
        picker.peerJoined();
        picker.gotBitfield(rare); // 50 is the only piece two peers have: the most common, the last rarest-first picks
        int first = pick(picker, "a", p -> p != 50, 1).get(0).pieceIndex();
        int second = pick(picker, "a", p -> p != 50 && p != first, 1).get(0).pieceIndex();
        assertThat(picker.partialCount()).isEqualTo(2); // 2 started, 2 peers: not more than 1.5 times as many

        assertThat(pick(picker, "b", ALL, 1).get(0).pieceIndex())
                .as("rarest first still: a fresh piece of availability 1")
                .isNotIn(first, second, 50);

        picker.peerLeft(false, rare); // now 3 started pieces and 1 peer
        assertThat(pick(picker, "b", ALL, 1).get(0).pieceIndex())
                .as("3 started > 1.5 x 1 peer: a started piece goes on")
                .isEqualTo(first);
    }

    @Test
    void noBlockIsAskedTwiceWhileAnyOtherIsOpen() {
        PiecePicker<String> picker = picker(6, firstPieces(4), 7);
        picker.peerJoined();
        picker.gotHaveAll();
        picker.peerJoined();
        picker.gotHaveAll();

        List<PeerMessage.Request> toA = pick(picker, "a", ALL, 4);
        List<PeerMessage.Request> toB = pick(picker, "b", ALL, 100);
        assertThat(toB).doesNotContainAnyElementsOf(toA).hasSize(2); // piece 5 (1.5 blocks): the rest of the torrent
    }

    @Test
    void inEndgameABlockIsAskedOfASecondPeerAndCancelledAtTheOtherWhenItArrives() {
        PiecePicker<String> picker = picker(5, firstPieces(4), 9);
        picker.peerJoined();
        picker.gotHaveAll();
        picker.peerJoined();
        picker.gotHaveAll();
        List<PeerMessage.Request> toSlow = pick(picker, "slow", ALL, 10);
        assertThat(toSlow).hasSize(2);

        List<PeerMessage.Request> toFast = pick(picker, "fast", ALL, 10);
        assertThat(toFast)
                .as("nothing else is left: the slow peer's blocks again")
                .isEqualTo(toSlow);
        assertThat(pick(picker, "third", ALL, 10))
                .as("a block is asked of two peers at most")
                .isEmpty();

        List<String> cancelAt = new ArrayList<>();
        assertThat(picker.received("fast", 4, 0, cancelAt)).isEqualTo(PiecePicker.Arrival.NEW);
        assertThat(cancelAt).containsExactly("slow");
        cancelAt.clear();
        assertThat(picker.received("slow", 4, 0, cancelAt))
                .as("the cancel crossed the block on the wire")
                .isEqualTo(PiecePicker.Arrival.REDUNDANT);
        assertThat(cancelAt).isEmpty();
        assertThat(picker.full(4)).isFalse();

        assertThat(picker.received("slow", 4, BLOCK, cancelAt)).isEqualTo(PiecePicker.Arrival.NEW);
        assertThat(cancelAt).containsExactly("fast");
        assertThat(picker.full(4)).isTrue();
    }

    @Test
    void anAbandonedRequestIsOpenAgainUnlessAnotherPeerWasAskedToo() {
        PiecePicker<String> picker = picker(5, firstPieces(4), 11);
        picker.peerJoined();
        picker.gotHaveAll();
        picker.peerJoined();
        picker.gotHaveAll();
        pick(picker, "a", ALL, 10);
        pick(picker, "b", ALL, 10); // endgame: both blocks asked of b too

        picker.abandoned("a", 4, 0); // b still has it
        List<String> cancelAt = new ArrayList<>();
        assertThat(picker.received("b", 4, 0, cancelAt)).isEqualTo(PiecePicker.Arrival.NEW);
        assertThat(cancelAt).as("a gave it up already").isEmpty();

        picker.abandoned("b", 4, BLOCK); // a still has it
        assertThat(pick(picker, "c", ALL, 10))
                .as("asked of one peer (a): an endgame duplicate")
                .containsExactly(new PeerMessage.Request(4, BLOCK, BLOCK / 2));
        picker.abandoned("a", 4, BLOCK);
        picker.abandoned("c", 4, BLOCK);
        assertThat(pick(picker, "d", ALL, 10))
                .as("given up by everyone it was asked of: open")
                .containsExactly(new PeerMessage.Request(4, BLOCK, BLOCK / 2));
    }

    @Test
    void aPieceThatFailsItsHashIsFetchedAgainAndAVerifiedOneNever() {
        PiecePicker<String> picker = picker(6, firstPieces(4), 13);
        picker.peerJoined();
        picker.gotHaveAll();
        for (PeerMessage.Request r : pick(picker, "a", p -> p == 4, 10)) {
            picker.received("a", r.pieceIndex(), r.begin(), new ArrayList<>());
        }
        assertThat(picker.full(4)).isTrue();

        picker.failed(4);
        assertThat(pick(picker, "a", p -> p == 4, 10)).hasSize(4);
        picker.verified(4);
        assertThat(picker.has(4)).isTrue();
        assertThat(pick(picker, "a", p -> p == 4, 10)).isEmpty();
        assertThat(picker.received("a", 4, 0, new ArrayList<>())).isEqualTo(PiecePicker.Arrival.UNEXPECTED);

        picker.lost(4);
        assertThat(pick(picker, "a", p -> p == 4, 10))
                .as("withdrawn from disk: wanted again")
                .hasSize(4);
    }

    @Test
    void whateverPeersComeAndGoTheFirstPickIsAPieceOfTheLeastAvailability() {
        SplittableRandom ops = new SplittableRandom(17);
        for (int round = 0; round < 200; round++) {
            int pieces = 5 + ops.nextInt(60);
            PiecePicker<String> picker = picker(pieces, firstPieces(4), round);
            List<BitSet> connected = new ArrayList<>();
            for (int op = 0; op < 40; op++) {
                if (connected.isEmpty() || ops.nextInt(3) > 0) {
                    BitSet bits = new BitSet();
                    for (int p = 0; p < pieces; p++) {
                        if (ops.nextBoolean()) {
                            bits.set(p);
                        }
                    }
                    picker.peerJoined();
                    picker.gotBitfield(bits);
                    connected.add(bits);
                } else if (ops.nextBoolean()) {
                    BitSet bits = connected.get(ops.nextInt(connected.size()));
                    int p = ops.nextInt(pieces);
                    if (!bits.get(p)) {
                        bits.set(p);
                        picker.gotHave(p);
                    }
                } else {
                    picker.peerLeft(false, connected.remove(ops.nextInt(connected.size())));
                }
            }
            int least = Integer.MAX_VALUE;
            for (int p = 4; p < pieces; p++) {
                int expected = 0;
                for (BitSet bits : connected) {
                    expected += bits.get(p) ? 1 : 0;
                }
                assertThat(picker.availability(p)).isEqualTo(expected);
                least = Math.min(least, expected);
            }
            int picked = pick(picker, "all", ALL, 1).get(0).pieceIndex();
            assertThat(picker.availability(picked)).isEqualTo(least);
        }
    }

    @Test
    void aWholePieceSourceClaimsTheLowestPieceNobodyStartedThenOnesWhoseRequestsWereAllGivenUp() {
        PiecePicker<String> picker = picker(4, firstPieces(1), 1);
        picker.peerJoined();
        picker.gotHaveAll();
        assertThat(pick(picker, "peer", piece -> piece == 1, 1)).containsExactly(new PeerMessage.Request(1, 0, BLOCK));

        List<PeerMessage.Request> out = new ArrayList<>();
        assertThat(picker.claimPiece("web", piece -> piece != 2, out))
                .as("piece 1 is the peer's, piece 2 not the source's")
                .isEqualTo(3);
        assertThat(out)
                .containsExactly(new PeerMessage.Request(3, 0, BLOCK), new PeerMessage.Request(3, BLOCK, BLOCK / 2));
        assertThat(picker.claimPiece("web", piece -> piece != 2, new ArrayList<>()))
                .isEqualTo(-1);

        picker.abandoned("web", 3, 0);
        picker.abandoned("web", 3, BLOCK);
        assertThat(picker.claimPiece("other web", ALL, new ArrayList<>()))
                .as("the lowest piece nobody started")
                .isEqualTo(2);
        assertThat(picker.claimPiece("other web", ALL, new ArrayList<>()))
                .as("a started piece with every request given up")
                .isEqualTo(3);
        assertThat(picker.claimPiece("other web", ALL, new ArrayList<>())).isEqualTo(-1);
    }
}

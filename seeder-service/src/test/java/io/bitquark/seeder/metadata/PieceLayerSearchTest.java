package io.bitquark.seeder.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.protocol.peer.PeerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who is asked for the ranges of a missing piece layer (BEP 52 hash requests), and when again: a reject or a silent
 * peer sends the range to another peer at once, and back to the same peer only after the re-ask delay, so one
 * reject never stalls a search. The clock is the test's own.
 */
class PieceLayerSearchTest {

    private static final long SECOND = 1_000_000_000L;
    /** One file of 8 pieces of 16 KiB: one range of its piece layer. */
    /** A pieces root the layer must prove up to (what it is does not matter here, only that no layer is known). */
    private static final byte[] ROOT = new byte[32];

    static {
        java.util.Arrays.fill(ROOT, (byte) 7);
    }

    private static final Metainfo V2_WITHOUT_LAYERS = v2WithoutLayers();

    private final PieceLayerSearch search = new PieceLayerSearch(V2_WITHOUT_LAYERS);
    private long now = 1000 * SECOND;

    @Test
    void aV2OnlyTorrentWithoutItsLayersNeedsThemAndAskstheFirstV2PeerForTheRange() {
        assertThat(PieceLayerSearch.needed(V2_WITHOUT_LAYERS)).isTrue();
        Peer v1 = new Peer(false);
        Peer v2 = new Peer(true);
        search.ask(List.of(v1, v2), now);
        assertThat(v1.asked).as("hash requests go on v2 connections only").isEmpty();
        assertThat(v2.asked).singleElement().satisfies(r -> {
            assertThat(r.index()).isZero();
            assertThat(r.length()).isEqualTo(8);
        });
        assertThat(search.complete()).isFalse();
    }

    @Test
    void aRejectedRangeGoesToAnotherPeerAtOnceAndBackToTheSamePeerAfterTheReaskDelay() {
        Peer only = new Peer(true);
        search.ask(List.of(only), now);
        PeerMessage.HashRequest range = only.asked.get(0);
        search.rejected(only, range, now);

        search.ask(List.of(only), now + PieceLayerSearch.REASK_AFTER_NANOS - 1);
        assertThat(only.asked).as("not again before the delay").hasSize(1);
        Peer other = new Peer(true);
        search.ask(List.of(only, other), now + 1);
        assertThat(other.asked).as("another peer at once").containsExactly(range);
        search.rejected(other, range, now + 1);

        search.ask(List.of(only, other), now + PieceLayerSearch.REASK_AFTER_NANOS);
        assertThat(only.asked)
                .as("the first peer again, once the delay has passed")
                .containsExactly(range, range);
    }

    @Test
    void aPeerSilentPastTheAnswerTimeoutIsNotBlamedAndIsAskedAgainLater() {
        Peer silent = new Peer(true);
        search.ask(List.of(silent), now);
        PeerMessage.HashRequest range = silent.asked.get(0);
        now += PieceLayerSearch.ANSWER_TIMEOUT_NANOS + 1;
        search.tick(now);
        Peer other = new Peer(true);
        search.ask(List.of(silent, other), now);
        assertThat(other.asked).containsExactly(range);
        assertThat(silent.asked).hasSize(1);

        search.left(other);
        search.ask(List.of(silent), now + PieceLayerSearch.REASK_AFTER_NANOS);
        assertThat(silent.asked).containsExactly(range, range);
    }

    @Test
    void hashesThatDoNotProveUpToThePiecesRootDropThePeerAndOpenTheRange() {
        Peer liar = new Peer(true);
        search.ask(List.of(liar), now);
        PeerMessage.HashRequest range = liar.asked.get(0);
        assertThat(search.hashes(liar, new PeerMessage.Hashes(range, new byte[(int) range.answerHashCount() * 32])))
                .hasValueSatisfying(why -> assertThat(why).contains("do not prove up to the pieces root"));
        Peer honest = new Peer(true);
        search.ask(List.of(honest), now);
        assertThat(honest.asked).containsExactly(range);
        assertThat(search.complete()).isFalse();
    }

    private static Metainfo v2WithoutLayers() {
        try {
            return MetainfoBuilder.v2("layered.bin", 16384)
                    .singleFile(8 * 16384L, Set.of(), ROOT)
                    .build();
        } catch (MetainfoException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection that records the hash requests sent on it. */
    private static final class Peer implements PieceLayerSearch.LayerSource {
        final boolean v2;
        final List<PeerMessage.HashRequest> asked = new ArrayList<>();

        Peer(boolean v2) {
            this.v2 = v2;
        }

        @Override
        public boolean v2() {
            return v2;
        }

        @Override
        public void requestHashes(PeerMessage.HashRequest request) {
            asked.add(request);
        }
    }
}

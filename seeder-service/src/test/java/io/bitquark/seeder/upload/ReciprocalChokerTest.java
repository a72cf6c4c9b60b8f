package io.bitquark.seeder.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Choking while the torrent downloads (BEP 3 tit-for-tat): two regular slots for the peers that send us the most,
 * one optimistic unchoke in turn, and the seed's choker in charge once the download is complete.
 */
class ReciprocalChokerTest {

    private static final long UNCHOKE = 10;
    private static final long OPTIMISTIC = 30;

    private final ChokerPeers rig = new ChokerPeers();
    private final List<String> log = rig.log;
    private final List<ChokerPeers.Peer> peers = rig.peers;
    private boolean downloading = true;
    private ReciprocalChoker choker;

    /** Two slots under a seed choker that unchokes everyone; a, b, c, d join in that order, each interested. */
    @BeforeEach
    void fourInterestedPeers() {
        choker = new ReciprocalChoker(2, UNCHOKE, OPTIMISTIC, 0, new UnchokeAllChoker(), () -> downloading);
        for (String name : List.of("a", "b", "c", "d")) {
            ChokerPeers.Peer peer = rig.add(name);
            choker.peerAdded(peer);
            peer.interested = true;
            choker.interestChanged(peer);
        }
    }

    private List<String> unchoked() {
        return rig.unchoked();
    }

    @Test
    void interestedNewcomersFillTheFreeSlotsAndTheOptimisticOneAtOnce() {
        assertThat(unchoked()).containsExactly("a", "b", "c");
    }

    @Test
    void eachRechokeGivesTheRegularSlotsToThePeersThatSendUsTheMost() {
        rig.get("c").rate = 900;
        rig.get("d").rate = 500;
        rig.get("a").rate = 100;
        choker.tick(UNCHOKE);
        assertThat(unchoked())
                .as("c and d are fastest; c's optimistic slot goes to a, next in turn; b is choked")
                .containsExactly("a", "c", "d");
        assertThat(log).contains("choke b");
    }

    @Test
    void aPeerThatSendsNothingIsNotReciprocatedButGetsItsTurnAsTheOptimisticUnchoke() {
        rig.get("a").rate = 300;
        rig.get("b").rate = 200;
        rig.get("c").rate = 100;
        choker.tick(UNCHOKE);
        assertThat(unchoked())
                .as("a and b regular, c keeps the optimistic slot")
                .containsExactly("a", "b", "c");
        choker.tick(OPTIMISTIC);
        assertThat(unchoked())
                .as("the optimistic slot moves on to d, which sends nothing")
                .containsExactly("a", "b", "d");
    }

    @Test
    void anOptimisticPeerThatBecomesFastEarnsARegularSlotAndFreesTheOptimisticOne() {
        rig.get("c").rate = 1_000;
        rig.get("a").rate = 10;
        choker.tick(UNCHOKE);
        assertThat(unchoked())
                .as("c (optimistic) and a are fastest and take the regular slots; b is optimistic now")
                .containsExactly("a", "b", "c");
        assertThat(rig.most).isEqualTo(3);
    }

    @Test
    void aPeerThatLosesInterestIsChokedAndItsSlotFilledAtOnce() {
        ChokerPeers.Peer a = rig.get("a");
        a.interested = false;
        choker.interestChanged(a);
        assertThat(unchoked()).containsExactly("b", "c", "d");
    }

    @Test
    void aPeerThatLeavesFreesItsSlot() {
        ChokerPeers.Peer b = rig.get("b");
        peers.remove(b);
        choker.peerRemoved(b);
        assertThat(unchoked()).containsExactly("a", "c", "d");
    }

    @Test
    void noMoreThanSlotsPlusOneAreEverUnchokedWhateverTheRates() {
        for (long t = 0; t <= 20 * OPTIMISTIC; t++) {
            peers.get((int) (t % 4)).rate = t * 7 % 13;
            choker.tick(t);
        }
        assertThat(rig.most).isEqualTo(3);
    }

    @Test
    void onceTheDownloadIsCompleteTheSeedsChokerUnchokesEveryInterestedPeer() {
        downloading = false;
        choker.tick(1);
        assertThat(unchoked()).containsExactly("a", "b", "c", "d");
        assertThat(log)
                .as("a seed choker that decides each peer needs no choke first")
                .doesNotContain("choke a", "choke b", "choke c");
        ChokerPeers.Peer e = rig.add("e");
        choker.peerAdded(e);
        e.interested = true;
        choker.interestChanged(e);
        assertThat(unchoked()).contains("e");
    }

    @Test
    void aRoundRobinSeedChokerGetsThePeersChokedAndUnchokesOnlyItsOwnSlots() {
        rig.clear();
        choker = new ReciprocalChoker(
                2, UNCHOKE, OPTIMISTIC, 0, new RoundRobinChoker(1, UNCHOKE, OPTIMISTIC, 0), () -> downloading);
        for (String name : List.of("a", "b", "c", "d")) {
            ChokerPeers.Peer peer = rig.add(name);
            choker.peerAdded(peer);
            peer.interested = true;
            choker.interestChanged(peer);
        }
        downloading = false;
        choker.tick(1);
        assertThat(unchoked())
                .as("round-robin with one slot: one regular and one optimistic")
                .hasSize(2);
    }
}

package io.bitquark.seeder.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoundRobinChokerTest {

    private static final long UNCHOKE = 10;
    private static final long OPTIMISTIC = 30;

    private final ChokerPeers rig = new ChokerPeers();
    private final List<String> log = rig.log;

    private final List<ChokerPeers.Peer> peers = rig.peers;

    private RoundRobinChoker choker;

    @BeforeEach
    void fourInterestedPeers() {
        fourInterestedPeers(UNCHOKE, OPTIMISTIC);
    }

    /** Two slots; peers a, b, c, d join in that order and each says interested. */
    private void fourInterestedPeers(long unchokeInterval, long optimisticInterval) {
        rig.clear();
        choker = new RoundRobinChoker(2, unchokeInterval, optimisticInterval, 0);
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
    void interestedNewcomersFillTheTwoRegularSlotsAndTheOptimisticOneAtOnce() {
        assertThat(unchoked()).containsExactly("a", "b", "c");
    }

    @Test
    void eachRechokeHandsTheRegularSlotsToTheNextPeersInTurn() {
        choker.tick(UNCHOKE);
        assertThat(unchoked()).containsExactlyInAnyOrder("c", "d", "a");
        choker.tick(2 * UNCHOKE);
        assertThat(unchoked()).contains("a", "b").hasSize(3);
        assertThat(rig.most).isEqualTo(3);
    }

    @Test
    void theOptimisticUnchokeMovesToTheNextChokedInterestedPeer() {
        fourInterestedPeers(1_000, OPTIMISTIC);
        assertThat(unchoked()).containsExactly("a", "b", "c");
        choker.tick(OPTIMISTIC);
        assertThat(unchoked()).containsExactly("a", "b", "d");
        assertThat(log.subList(log.size() - 2, log.size())).containsExactly("choke c", "unchoke d");
        choker.tick(2 * OPTIMISTIC);
        assertThat(unchoked()).containsExactly("a", "b", "c");
    }

    @Test
    void aPeerThatLosesInterestIsChokedAndItsSlotFilledAtOnce() {
        ChokerPeers.Peer a = peers.get(0);
        a.interested = false;
        choker.interestChanged(a);
        assertThat(unchoked()).containsExactly("b", "c", "d");
        assertThat(rig.most).isEqualTo(3);
    }

    @Test
    void aPeerThatLeavesFreesItsSlot() {
        ChokerPeers.Peer b = peers.get(1);
        peers.remove(b);
        choker.peerRemoved(b);
        assertThat(unchoked()).containsExactly("a", "c", "d");
    }

    @Test
    void chokesAreSentBeforeUnchokesSoNoMoreThanSlotsPlusOneAreEverUnchoked() {
        for (long t = 0; t <= 20 * OPTIMISTIC; t++) {
            choker.tick(t);
        }
        assertThat(rig.most).isEqualTo(3);
    }
}

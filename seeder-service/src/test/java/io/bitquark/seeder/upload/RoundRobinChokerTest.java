package io.bitquark.seeder.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoundRobinChokerTest {

    private static final long UNCHOKE = 10;
    private static final long OPTIMISTIC = 30;

    /** A peer that records the messages the choker sends it, and how many peers are unchoked at each one. */
    private final List<String> log = new ArrayList<>();

    private final List<Peer> peers = new ArrayList<>();
    private int most;

    private final class Peer implements Chokeable {
        final String name;
        boolean interested;
        boolean choked = true;

        Peer(String name) {
            this.name = name;
        }

        @Override
        public boolean interested() {
            return interested;
        }

        @Override
        public boolean choked() {
            return choked;
        }

        @Override
        public void choke() {
            if (!choked) {
                choked = true;
                log.add("choke " + name);
            }
        }

        @Override
        public void unchoke() {
            if (choked) {
                choked = false;
                log.add("unchoke " + name);
                most = Math.max(
                        most, (int) peers.stream().filter(p -> !p.choked).count());
            }
        }
    }

    private RoundRobinChoker choker;

    @BeforeEach
    void fourInterestedPeers() {
        fourInterestedPeers(UNCHOKE, OPTIMISTIC);
    }

    /** Two slots; peers a, b, c, d join in that order and each says interested. */
    private void fourInterestedPeers(long unchokeInterval, long optimisticInterval) {
        peers.clear();
        log.clear();
        most = 0;
        choker = new RoundRobinChoker(2, unchokeInterval, optimisticInterval, 0);
        for (String name : List.of("a", "b", "c", "d")) {
            Peer peer = new Peer(name);
            peers.add(peer);
            choker.peerAdded(peer);
            peer.interested = true;
            choker.interestChanged(peer);
        }
    }

    private List<String> unchoked() {
        return peers.stream().filter(p -> !p.choked).map(p -> p.name).toList();
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
        assertThat(most).isEqualTo(3);
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
        Peer a = peers.get(0);
        a.interested = false;
        choker.interestChanged(a);
        assertThat(unchoked()).containsExactly("b", "c", "d");
        assertThat(most).isEqualTo(3);
    }

    @Test
    void aPeerThatLeavesFreesItsSlot() {
        Peer b = peers.get(1);
        peers.remove(b);
        choker.peerRemoved(b);
        assertThat(unchoked()).containsExactly("a", "c", "d");
    }

    @Test
    void chokesAreSentBeforeUnchokesSoNoMoreThanSlotsPlusOneAreEverUnchoked() {
        for (long t = 0; t <= 20 * OPTIMISTIC; t++) {
            choker.tick(t);
        }
        assertThat(most).isEqualTo(3);
    }
}

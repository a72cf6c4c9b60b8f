package io.bitquark.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SwarmStore} honours. The in-memory store and the Redis store (standalone and
 * Cluster) run these same specifications.
 */
abstract class SwarmStoreContract {

    static final long TIMEOUT = 60_000;
    static final Duration WAIT = Duration.ofSeconds(10);

    final AtomicLong clock = new AtomicLong();
    final PeerWindows windows = new PeerWindows(TIMEOUT);
    SwarmStore store;
    byte[] swarm;

    /** A store on fresh, empty storage, reading time from {@code clock}. */
    abstract SwarmStore newStore(PeerWindows windows, java.util.function.LongSupplier clock);

    @BeforeEach
    void freshStore() {
        clock.set(System.currentTimeMillis());
        store = newStore(windows, clock::get);
        swarm = hash(1);
    }

    static byte[] hash(int n) {
        byte[] h = new byte[20];
        h[0] = (byte) 0xb0;
        h[16] = (byte) (n >>> 24);
        h[17] = (byte) (n >>> 16);
        h[18] = (byte) (n >>> 8);
        h[19] = (byte) n;
        return h;
    }

    static byte[] v4(int n) {
        return new byte[] {10, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n, 0x1a, (byte) 0xe1};
    }

    static SwarmPeer peer(int n, byte[] endpoint) {
        byte[] peerId = "-BQ0100-000000000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        peerId[16] = (byte) (n >>> 24);
        peerId[17] = (byte) (n >>> 16);
        peerId[18] = (byte) (n >>> 8);
        peerId[19] = (byte) n;
        return new SwarmPeer(endpoint, peerId);
    }

    /** The address peer {@code n} announces from. */
    static byte[] source(int n) {
        return java.util.Arrays.copyOf(v4(n), 4);
    }

    static SwarmPeer peer(int n) {
        return peer(n, v4(n));
    }

    AnnounceResult announce(byte[] infoHash, int peer, boolean seeder, PeerEvent event, int numwant) {
        return announce(infoHash, peer, v4(peer), seeder, event, numwant);
    }

    AnnounceResult announce(byte[] infoHash, int peer, byte[] endpoint, boolean seeder, PeerEvent event, int numwant) {
        return Announces.one(
                store,
                new PeerAnnounce(
                        infoHash,
                        source(peer),
                        peer(peer, endpoint),
                        seeder,
                        event,
                        numwant,
                        AnnounceBatch.IPV4 | AnnounceBatch.IPV6));
    }

    SwarmCounts scrape(byte[] infoHash) {
        return store.scrape(List.of(infoHash)).await().atMost(WAIT).get(0);
    }

    static Set<String> hex(List<SwarmPeer> peers) {
        Set<String> out = new HashSet<>();
        for (SwarmPeer p : peers) {
            out.add(HexFormat.of().formatHex(p.endpoint()));
        }
        return out;
    }

    @Test
    void aPeerAnnouncedIsReturnedToTheNextPeer() {
        AnnounceResult first = announce(swarm, 1, false, PeerEvent.STARTED, 50);
        assertThat(first.peers()).isEmpty();
        assertThat(first.incomplete()).isEqualTo(1);

        AnnounceResult second = announce(swarm, 2, false, PeerEvent.STARTED, 50);
        assertThat(hex(second.peers())).containsExactly(HexFormat.of().formatHex(v4(1)));
        assertThat(second.incomplete()).isEqualTo(2);
        assertThat(second.complete()).isZero();
    }

    @Test
    void aPeerIsNeverSentItself() {
        for (int p = 1; p <= 5; p++) {
            announce(swarm, p, false, PeerEvent.STARTED, 0);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(hex(announce(swarm, 3, false, PeerEvent.UPDATE, 4).peers()))
                    .hasSize(4)
                    .doesNotContain(HexFormat.of().formatHex(v4(3)));
        }
    }

    @Test
    void leftZeroMakesASeederAndSeedersAreNotSentSeeders() {
        announce(swarm, 1, true, PeerEvent.STARTED, 50);
        announce(swarm, 2, true, PeerEvent.STARTED, 50);
        announce(swarm, 3, false, PeerEvent.STARTED, 50);

        AnnounceResult seeder = announce(swarm, 1, true, PeerEvent.UPDATE, 50);
        assertThat(hex(seeder.peers())).containsExactly(HexFormat.of().formatHex(v4(3)));
        assertThat(seeder.complete()).isEqualTo(2);
        assertThat(seeder.incomplete()).isEqualTo(1);

        AnnounceResult leecher = announce(swarm, 3, false, PeerEvent.UPDATE, 50);
        assertThat(hex(leecher.peers()))
                .containsExactlyInAnyOrder(
                        HexFormat.of().formatHex(v4(1)), HexFormat.of().formatHex(v4(2)));
    }

    @Test
    void completedCountsOncePerPeerAndMovesItToTheSeeders() {
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        AnnounceResult done = announce(swarm, 1, true, PeerEvent.COMPLETED, 0);
        assertThat(done.downloaded()).isEqualTo(1);
        assertThat(done.complete()).isEqualTo(1);
        assertThat(done.incomplete()).isZero();

        AnnounceResult again = announce(swarm, 1, true, PeerEvent.COMPLETED, 0);
        assertThat(again.downloaded()).isEqualTo(1);

        announce(swarm, 2, false, PeerEvent.STARTED, 0);
        assertThat(announce(swarm, 2, true, PeerEvent.COMPLETED, 0).downloaded())
                .isEqualTo(2);
        assertThat(scrape(swarm)).isEqualTo(new SwarmCounts(swarm, 2, 0, 2));
    }

    @Test
    void stoppedRemovesThePeerAtOnce() {
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        announce(swarm, 2, true, PeerEvent.STARTED, 0);
        AnnounceResult stopped = announce(swarm, 1, false, PeerEvent.STOPPED, 50);
        assertThat(stopped.peers()).isEmpty();
        assertThat(stopped.incomplete()).isZero();
        assertThat(stopped.complete()).isEqualTo(1);
        assertThat(announce(swarm, 3, false, PeerEvent.STARTED, 50).peers()).hasSize(1);
    }

    @Test
    void aSecondAnnounceOfTheSamePeerDoesNotCountTwice() {
        for (int i = 0; i < 5; i++) {
            announce(swarm, 1, false, PeerEvent.UPDATE, 0);
        }
        assertThat(scrape(swarm).incomplete()).isEqualTo(1);
    }

    @Test
    void aPeerIsItsPeerIdAndTheAddressItAnnouncesFrom() {
        announce(swarm, 1, v4(1), false, PeerEvent.STARTED, 0);
        // the same peer id from the same address, now announcing another endpoint (ip override, new port)
        announce(swarm, 1, v4(99), false, PeerEvent.UPDATE, 0);
        AnnounceResult other = announce(swarm, 2, false, PeerEvent.STARTED, 50);
        assertThat(hex(other.peers())).containsExactly(HexFormat.of().formatHex(v4(99)));
        assertThat(other.incomplete()).isEqualTo(2);
    }

    @Test
    void theSamePeerIdFromAnotherAddressIsAnotherPeerUntilTheOldEntryExpires() {
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        PeerAnnounce fromNewAddress =
                new PeerAnnounce(swarm, source(77), peer(1, v4(77)), false, PeerEvent.UPDATE, 50, AnnounceBatch.IPV4);
        AnnounceResult moved = Announces.one(store, fromNewAddress);
        assertThat(moved.incomplete()).isEqualTo(2);
        assertThat(hex(moved.peers())).containsExactly(HexFormat.of().formatHex(v4(1)));
        for (int k = 0; k < 4; k++) {
            clock.addAndGet(windows.windowMillis());
            Announces.one(store, fromNewAddress);
        }
        assertThat(Announces.one(store, fromNewAddress).incomplete()).isEqualTo(1);
    }

    @Test
    void onlyAPeersOwnAddressCanRemoveItsEntry() {
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        AnnounceResult forged = Announces.one(
                store,
                new PeerAnnounce(swarm, source(66), peer(1, v4(1)), false, PeerEvent.STOPPED, 0, AnnounceBatch.IPV4));
        assertThat(forged.incomplete()).isEqualTo(1);
        assertThat(announce(swarm, 1, false, PeerEvent.STOPPED, 0).incomplete()).isZero();
    }

    @Test
    void theFamiliesAskedForBoundTheAnswer() {
        byte[] v6 = new byte[18];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[15] = 2;
        v6[17] = 1;
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        announce(swarm, 2, v6, false, PeerEvent.STARTED, 0);
        AnnounceResult v4Only = Announces.one(
                store, new PeerAnnounce(swarm, source(3), peer(3), false, PeerEvent.STARTED, 50, AnnounceBatch.IPV4));
        assertThat(hex(v4Only.peers())).containsExactly(HexFormat.of().formatHex(v4(1)));
        AnnounceResult both = announce(swarm, 4, false, PeerEvent.STARTED, 50);
        assertThat(both.peers()).hasSize(3);
        assertThat(both.peers().get(both.peers().size() - 1).endpoint()).hasSize(18);
    }

    @Test
    void ipv6EndpointsAreKeptWhole() {
        byte[] v6 = new byte[18];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[15] = 1;
        v6[16] = 0x1a;
        v6[17] = (byte) 0xe1;
        announce(swarm, 1, v6, false, PeerEvent.STARTED, 0);
        assertThat(announce(swarm, 2, false, PeerEvent.STARTED, 50).peers())
                .singleElement()
                .isEqualTo(peer(1, v6));
    }

    @Test
    void numwantBoundsTheAnswerAndZeroAsksForNone() {
        for (int p = 1; p <= 30; p++) {
            announce(swarm, p, p % 2 == 0, PeerEvent.STARTED, 0);
        }
        assertThat(announce(swarm, 100, false, PeerEvent.STARTED, 7).peers()).hasSize(7);
        assertThat(announce(swarm, 100, false, PeerEvent.UPDATE, 0).peers()).isEmpty();
        assertThat(announce(swarm, 100, false, PeerEvent.UPDATE, 500).peers()).hasSize(30);
    }

    @Test
    void peersAreARandomSelectionNotTheFirstOnes() {
        for (int p = 1; p <= 200; p++) {
            announce(swarm, p, false, PeerEvent.STARTED, 0);
        }
        Set<String> seen = new HashSet<>();
        Set<String> firstAnswer =
                hex(announce(swarm, 1000, false, PeerEvent.STARTED, 10).peers());
        boolean differed = false;
        for (int i = 0; i < 60; i++) {
            Set<String> answer =
                    hex(announce(swarm, 1000, false, PeerEvent.UPDATE, 10).peers());
            assertThat(answer).hasSize(10);
            differed |= !answer.equals(firstAnswer);
            seen.addAll(answer);
        }
        assertThat(differed).isTrue();
        assertThat(seen.size()).isGreaterThan(150);
    }

    @Test
    void peersFromEveryLiveWindowAreCountedAndReturned() {
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        clock.addAndGet(windows.windowMillis());
        announce(swarm, 2, true, PeerEvent.STARTED, 0);
        clock.addAndGet(windows.windowMillis());
        AnnounceResult third = announce(swarm, 3, false, PeerEvent.STARTED, 50);
        assertThat(third.complete()).isEqualTo(1);
        assertThat(third.incomplete()).isEqualTo(2);
        assertThat(third.peers()).hasSize(2);
    }

    @Test
    void aPeerThatKeepsAnnouncingStaysCountedOnce() {
        for (int i = 0; i < 8; i++) {
            announce(swarm, 1, false, PeerEvent.UPDATE, 0);
            clock.addAndGet(windows.windowMillis() / 2);
        }
        assertThat(scrape(swarm).incomplete()).isEqualTo(1);
    }

    @Test
    void aSilentPeerExpiresAfterItsTimeoutAndNotBefore() {
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        long announcedAt = clock.get();
        clock.set(announcedAt + TIMEOUT - 1);
        assertThat(scrape(swarm).incomplete()).isEqualTo(1);
        clock.set(announcedAt + TIMEOUT * 3 / 2 + 1);
        assertThat(scrape(swarm).incomplete()).isZero();
        assertThat(announce(swarm, 2, false, PeerEvent.STARTED, 50).peers()).isEmpty();
    }

    @Test
    void scrapeAnswersEachSwarmInOrderAndUnknownSwarmsCountZero() {
        byte[] other = hash(2);
        announce(swarm, 1, true, PeerEvent.STARTED, 0);
        announce(other, 1, false, PeerEvent.STARTED, 0);
        announce(other, 2, false, PeerEvent.STARTED, 0);
        List<SwarmCounts> counts =
                store.scrape(List.of(other, hash(3), swarm)).await().atMost(WAIT);
        assertThat(counts)
                .containsExactly(
                        new SwarmCounts(other, 0, 2, 0),
                        new SwarmCounts(hash(3), 0, 0, 0),
                        new SwarmCounts(swarm, 1, 0, 0));
    }

    @Test
    void aBatchAppliesEveryAnnounceAndAnswersInOrder() {
        List<PeerAnnounce> batch = new ArrayList<>();
        for (int s = 1; s <= 12; s++) {
            batch.add(new PeerAnnounce(hash(s), peer(1), s % 3 == 0, PeerEvent.STARTED, 10));
        }
        batch.add(new PeerAnnounce(hash(5), peer(2), false, PeerEvent.STARTED, 10));
        List<AnnounceResult> results = Announces.all(store, batch);
        assertThat(results).hasSize(13);
        for (int s = 1; s <= 12; s++) {
            AnnounceResult r = results.get(s - 1);
            assertThat(r.complete() + r.incomplete()).isEqualTo(1);
            assertThat(r.complete()).isEqualTo(s % 3 == 0 ? 1 : 0);
        }
        assertThat(results.get(12).incomplete()).isEqualTo(2);
        assertThat(hex(results.get(12).peers())).containsExactly(HexFormat.of().formatHex(v4(1)));
    }

    @Test
    void listsKnownSwarmsInPages() {
        for (int s = 1; s <= 5; s++) {
            announce(hash(s), 1, false, PeerEvent.STARTED, 0);
            clock.incrementAndGet();
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(
                        store.swarms(0, 2).await().atMost(WAIT).total())
                .isEqualTo(5));
        SwarmPage first = store.swarms(0, 2).await().atMost(WAIT);
        assertThat(first.swarms()).hasSize(2);
        SwarmPage last = store.swarms(4, 2).await().atMost(WAIT);
        assertThat(last.swarms()).singleElement().satisfies(c -> assertThat(c.incomplete())
                .isEqualTo(1));
    }

    @Test
    void livePeersCountsEveryLivePeerOfEverySwarm() {
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        announce(swarm, 2, true, PeerEvent.STARTED, 0);
        announce(hash(2), 1, false, PeerEvent.STARTED, 0);
        clock.addAndGet(windows.windowMillis());
        announce(swarm, 1, true, PeerEvent.COMPLETED, 0);
        announce(hash(2), 1, false, PeerEvent.STOPPED, 0);
        assertThat(store.livePeers().await().atMost(WAIT)).isEqualTo(2);
        clock.addAndGet(windows.windowMillis() * 2);
        assertThat(store.livePeers().await().atMost(WAIT)).isEqualTo(1);
        clock.addAndGet(windows.windowMillis());
        assertThat(store.livePeers().await().atMost(WAIT)).isZero();
    }

    @Test
    void countsStayExactUnderConcurrentAnnounces() throws Exception {
        int threads = 8;
        int perThread = 250;
        announce(hash(999), 1, false, PeerEvent.STARTED, 0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int peer = base + i;
                        boolean seeder = peer % 4 == 0;
                        Announces.one(
                                store,
                                new PeerAnnounce(
                                        swarm,
                                        peer(peer),
                                        seeder,
                                        seeder ? PeerEvent.COMPLETED : PeerEvent.STARTED,
                                        5));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = threads * perThread;
        assertThat(scrape(swarm)).isEqualTo(new SwarmCounts(swarm, total / 4, total - total / 4, total / 4));
    }
}

package io.bitquark.seeder.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.config.ChokingConfig;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round-robin choking with 2 regular slots and 4 interested leechers, watched from both ends. */
class ChokingTest {

    @TempDir
    static Path dir;

    static FileTorrent torrent;

    @BeforeAll
    static void torrent() throws Exception {
        torrent = FileTorrent.create(dir, "content.bin", 1024 * 1024, 64 * 1024, 21);
    }

    @AfterAll
    static void closeTorrent() throws Exception {
        torrent.close();
    }

    private static TestConfigs.Choking roundRobin(Duration unchoke, Duration optimistic) {
        TestConfigs.Choking choking = new TestConfigs.Choking();
        choking.algorithm = ChokingConfig.Algorithm.ROUND_ROBIN;
        choking.unchokeSlots = 2;
        choking.unchokeInterval = unchoke;
        choking.optimisticInterval = optimistic;
        return choking;
    }

    /** Connects {@code count} leechers, each interested as soon as it has handshaken. */
    private static List<RawPeer> interestedLeechers(Seed seed, int count) throws IOException {
        List<RawPeer> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RawPeer peer = RawPeer.handshaken(seed.port, torrent.handshakeHash(), false, false);
            peer.send(PeerMessage.Interested.INSTANCE);
            peers.add(peer);
        }
        return peers;
    }

    /** The chokes (true) and unchokes (false) {@code peer} receives within {@code millis}, in order. */
    private static CompletableFuture<List<Boolean>> chokesSeenBy(RawPeer peer, long millis) {
        return CompletableFuture.supplyAsync(() -> {
            List<Boolean> seen = new ArrayList<>();
            long deadline = System.nanoTime() + millis * 1_000_000;
            try {
                peer.setReceiveTimeout(50);
                while (System.nanoTime() < deadline) {
                    try {
                        PeerMessage message = peer.next();
                        if (message instanceof PeerMessage.Choke || message instanceof PeerMessage.Unchoke) {
                            seen.add(message instanceof PeerMessage.Choke);
                        }
                    } catch (SocketTimeoutException e) {
                        // nothing this time; look at the clock again
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return seen;
        });
    }

    /** What four leechers saw, and the server's chokes and unchokes while they were all connected. */
    private record Watch(List<List<Boolean>> seen, List<RecordingListener.ChokeEvent> sent) {}

    /** Connects four interested leechers and records the chokes and unchokes each one receives over 2.5 s. */
    private static Watch chokesSeenByFourLeechers(Seed seed) throws Exception {
        List<RawPeer> peers = interestedLeechers(seed, 4);
        try {
            List<CompletableFuture<List<Boolean>>> watching = new ArrayList<>();
            for (RawPeer peer : peers) {
                watching.add(chokesSeenBy(peer, 2_500));
            }
            List<List<Boolean>> seen = new ArrayList<>();
            for (CompletableFuture<List<Boolean>> watch : watching) {
                seen.add(watch.get());
            }
            return new Watch(seen, List.copyOf(seed.listener.chokes));
        } finally {
            closeAll(peers);
        }
    }

    /** The most peers the server had unchoked at once, replaying its choke and unchoke messages in order. */
    private static int mostUnchokedAtOnce(List<RecordingListener.ChokeEvent> events) {
        Map<String, Boolean> unchoked = new HashMap<>();
        int most = 0;
        for (RecordingListener.ChokeEvent event : events) {
            unchoked.put(event.peer(), !event.choked());
            most = Math.max(
                    most, (int) unchoked.values().stream().filter(u -> u).count());
        }
        return most;
    }

    private static void closeAll(List<RawPeer> peers) throws IOException {
        for (RawPeer peer : peers) {
            peer.close();
        }
    }

    @Test
    void twoRegularSlotsStayWhileTheOptimisticUnchokeRotatesAmongTheOtherLeechers() throws Exception {
        try (Seed seed =
                new Seed(new TestConfigs.Peer(), roundRobin(Duration.ofMinutes(10), Duration.ofMillis(200)), torrent)) {
            Watch watch = chokesSeenByFourLeechers(seed);
            List<List<Boolean>> seen = watch.seen();
            assertThat(seen.get(0)).as("first regular slot").containsExactly(false);
            assertThat(seen.get(1)).as("second regular slot").containsExactly(false);
            for (List<Boolean> other : seen.subList(2, 4)) {
                assertThat(other.stream().filter(c -> !c).count())
                        .as("optimistic unchokes")
                        .isGreaterThan(1);
                assertThat(other).as("unchoked, then choked, in turn").startsWith(false, true, false);
            }
            assertThat(mostUnchokedAtOnce(watch.sent())).isEqualTo(3);
        }
    }

    @Test
    void rotatingRegularSlotsUnchokeEveryLeecherInTurnAndNeverMoreThanTwoPlusOne() throws Exception {
        try (Seed seed =
                new Seed(new TestConfigs.Peer(), roundRobin(Duration.ofMillis(300), Duration.ofMillis(200)), torrent)) {
            Watch watch = chokesSeenByFourLeechers(seed);
            for (int i = 0; i < watch.seen().size(); i++) {
                assertThat(watch.seen().get(i)).as("leecher %d", i).contains(false, true);
            }
            assertThat(mostUnchokedAtOnce(watch.sent())).isLessThanOrEqualTo(3);
            assertThat(watch.sent().size()).as("rechokes happened").isGreaterThan(8);
        }
    }

    @Test
    void aSlotFreedByALeecherThatLosesInterestGoesToTheNextAtOnce() throws Exception {
        try (Seed seed =
                new Seed(new TestConfigs.Peer(), roundRobin(Duration.ofMinutes(10), Duration.ofMinutes(10)), torrent)) {
            List<RawPeer> peers = interestedLeechers(seed, 4);
            try {
                peers.get(0).next(PeerMessage.Unchoke.class);
                peers.get(1).next(PeerMessage.Unchoke.class);
                peers.get(2).next(PeerMessage.Unchoke.class);
                peers.get(0).send(PeerMessage.NotInterested.INSTANCE);
                assertThat(peers.get(0).next(PeerMessage.Choke.class)).isNotNull();
                assertThat(peers.get(3).next(PeerMessage.Unchoke.class)).isNotNull();
                assertThat(mostUnchokedAtOnce(seed.listener.chokes)).isEqualTo(3);
            } finally {
                closeAll(peers);
            }
        }
    }
}

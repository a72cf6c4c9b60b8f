package io.bitquark.seeder.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.seeder.it.TrackerServiceProcess;
import io.bitquark.testsupport.FreePorts;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our tracker client against the real tracker-service (a packaged jar, swarms in memory), over HTTP and
 * over UDP. The seed announces at {@value #ANNOUNCE_IP} (the seed's {@code --ip}, which the tracker
 * honours from loopback); a leecher's announce must list it there, the tracker's {@code /api/stats} must
 * count it as a seeder, and after {@code stopped} both must have forgotten it.
 */
@Tag("interop")
class RealTrackerAnnounceIT {

    static final String ANNOUNCE_IP = "127.0.0.5";
    static final Duration WAIT = Duration.ofSeconds(20);

    static TrackerServiceProcess tracker;
    static Vertx vertx;
    static TrackerClient client;

    final Random random = new Random();

    @BeforeAll
    static void startTracker() {
        tracker = TrackerServiceProcess.start();
        vertx = Vertx.vertx();
        client = new TrackerClient(vertx, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopTracker() {
        if (client != null) {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (tracker != null) {
            tracker.close();
        }
    }

    byte[] newInfoHash() {
        byte[] infoHash = new byte[20];
        random.nextBytes(infoHash);
        return infoHash;
    }

    static AnnounceParams seed(byte[] infoHash, int port) {
        return AnnounceParams.of(infoHash, PeerId.generate(), port, Optional.of(ANNOUNCE_IP), 0, 0, 0, 0, 0x5EED);
    }

    static Peer at(int port) {
        return Peer.of(new byte[] {127, 0, 0, 5}, port);
    }

    void announceAndStop(String url) throws Exception {
        byte[] infoHash = newInfoHash();
        AnnounceParams seed = seed(infoHash, 51413);

        AnnounceResult started =
                client.announce(url, seed, AnnounceEvent.STARTED).await().atMost(WAIT);

        assertThat(started).isInstanceOf(AnnounceResponse.class);
        assertThat(((AnnounceResponse) started).interval()).isPositive();
        assertThat(tracker.peersSeenByALeecher(infoHash)).contains(at(51413));
        assertThat(tracker.seeders(infoHash)).isEqualTo(1);

        AnnounceResult stopped =
                client.announce(url, seed, AnnounceEvent.STOPPED).await().atMost(WAIT);

        assertThat(stopped).isInstanceOf(AnnounceResponse.class);
        assertThat(tracker.peersSeenByALeecher(infoHash)).doesNotContain(at(51413));
        assertThat(tracker.seeders(infoHash)).isZero();
    }

    @Test
    void overHttpTheSeedIsListedAtItsAnnounceIpUntilItSendsStopped() throws Exception {
        announceAndStop(tracker.httpAnnounceUrl());
    }

    @Test
    void overUdpTheSeedIsListedAtItsAnnounceIpUntilItSendsStopped() throws Exception {
        announceAndStop(tracker.udpAnnounceUrl());
    }

    @Test
    void anAnnouncerFallsBackFromADeadTierAndItsStopRemovesTheSeed() throws Exception {
        byte[] infoHash = newInfoHash();
        QuickAnnounceConfig config = QuickAnnounceConfig.fast().withTimeout(Duration.ofSeconds(1));
        TrackerClient shortTimeouts = new TrackerClient(vertx, config.timeout());
        String deadTier = "udp://127.0.0.1:" + FreePorts.udp() + "/announce"; // nobody answers there
        AnnounceParams seed = seed(infoHash, 51414);
        TorrentAnnouncer announcer = new TorrentAnnouncer(
                vertx,
                shortTimeouts,
                config,
                List.of(List.of(deadTier), List.of(tracker.udpAnnounceUrl(), tracker.httpAnnounceUrl())),
                () -> seed,
                new Random(),
                Clock.systemUTC());
        try {
            announcer.start();
            await().atMost(WAIT).until(() -> tracker.seeders(infoHash) == 1);
            assertThat(tracker.peersSeenByALeecher(infoHash)).containsExactly(at(51414));
            assertThat(announcer.status())
                    .filteredOn(s -> s.tier() == 1)
                    .extracting(TrackerStatus::lastResult)
                    .contains(TrackerStatus.Result.OK);

            announcer.stop().await().atMost(WAIT);

            assertThat(tracker.seeders(infoHash)).isZero();
            assertThat(tracker.peersSeenByALeecher(infoHash)).isEmpty();
        } finally {
            announcer.stop().await().atMost(WAIT);
            shortTimeouts.close();
        }
    }
}

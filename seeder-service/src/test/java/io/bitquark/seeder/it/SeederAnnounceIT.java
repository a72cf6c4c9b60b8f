package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.testsupport.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged seeder announcing to the packaged tracker-service. It announces the address configured for a
 * seeder behind NAT ({@code announce-ip}, {@code announce-port}). It tells the tracker when it stops seeding a
 * torrent: on graceful shutdown (SIGTERM), on removal and on pause it sends {@code stopped}, and the tracker
 * forgets the seed at once. The tracker's peer timeout is its default, twice its 30-minute interval, so a seed
 * that vanished without {@code stopped} would stay listed far longer than these tests wait.
 */
@Tag("interop")
class SeederAnnounceIT {

    @TempDir
    static Path torrents;

    static TrackerServiceProcess tracker;

    @TempDir
    Path dataRoot;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startTracker() {
        tracker = TrackerServiceProcess.start();
    }

    @AfterAll
    static void stopTracker() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void behindNatTheSeederAnnouncesItsAnnounceIpAndAnnouncePortOverHttpAndUdp() throws Exception {
        SeedContent overHttp =
                SeedContent.small(dataRoot, torrents, "nat-http", 44, List.of(tracker.httpAnnounceUrl()));
        SeedContent overUdp = SeedContent.small(dataRoot, torrents, "nat-udp", 55, List.of(tracker.udpAnnounceUrl()));
        int publicPort = FreePorts.tcp();
        try (SeederServiceProcess seeder = SeederServiceProcess.with(dataRoot, stateDir)
                .announceIp("127.0.0.9")
                .announcePort(publicPort)
                .start()) {
            Peer published = Peer.of(new byte[] {127, 0, 0, 9}, publicPort);

            seeder.seed(overHttp);
            seeder.seed(overUdp);

            tracker.awaitListed(overHttp.infoHash(), published);
            tracker.awaitListed(overUdp.infoHash(), published);
        }
    }

    @Test
    void aGracefulShutdownSendsStoppedForEveryTorrentOverHttpAndUdp() throws Exception {
        SeedContent overHttp = SeedContent.create(
                dataRoot, torrents, "shutdown-http", 66, MetaVersion.V1, List.of(tracker.httpAnnounceUrl()));
        SeedContent overUdp = SeedContent.create(
                dataRoot, torrents, "shutdown-udp", 77, MetaVersion.HYBRID, List.of(tracker.udpAnnounceUrl()));
        SeederServiceProcess seeder = announcingSeederOf(overHttp, overUdp);
        try {
            Peer seed = seeder.announcedPeer();

            seeder.stopGracefully();

            tracker.assertForgotten(overHttp.infoHash(), seed);
            tracker.assertForgotten(overUdp.infoHash(), seed);
        } finally {
            seeder.close();
        }
    }

    @Test
    void aGracefulShutdownWaitsForUnansweredStoppedAnnouncesOnceForAllTorrentsNotOnceForEach() throws Exception {
        Duration stopTimeout = Duration.ofSeconds(3);
        TrackerServiceProcess goneAway = TrackerServiceProcess.start();
        SeederServiceProcess seeder = SeederServiceProcess.with(dataRoot, stateDir)
                .announceIp("127.0.0.1")
                .property("bitquark.seeder.announce.stop-timeout", stopTimeout.toString())
                .start();
        try {
            for (int i = 0; i < 8; i++) {
                SeedContent content = SeedContent.small(
                        dataRoot, torrents, "unanswered-" + i, 1000 + i, List.of(goneAway.udpAnnounceUrl()));
                seeder.seed(content);
                goneAway.awaitListed(content.infoHash(), seeder.announcedPeer());
            }
            goneAway.close(); // no stopped announce will be answered now
            long start = System.nanoTime();

            seeder.stopGracefully();

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("time from SIGTERM to exit")
                    .isLessThan(stopTimeout.plusSeconds(5));
        } finally {
            seeder.close();
            goneAway.close();
        }
    }

    @Test
    void removingATorrentSendsStoppedBeforeTheDeleteAnswers() throws Exception {
        SeedContent content = SeedContent.small(dataRoot, torrents, "removed", 88, List.of(tracker.httpAnnounceUrl()));
        try (SeederServiceProcess seeder = announcingSeederOf(content)) {
            Peer seed = seeder.announcedPeer();

            seeder.delete(content.id());

            tracker.assertForgotten(content.infoHash(), seed);
        }
    }

    @Test
    void pausingATorrentSendsStoppedAndResumingSendsStartedAgain() throws Exception {
        SeedContent content = SeedContent.small(dataRoot, torrents, "paused", 99, List.of(tracker.udpAnnounceUrl()));
        try (SeederServiceProcess seeder = announcingSeederOf(content)) {
            Peer seed = seeder.announcedPeer();

            assertThat(seeder.pause(content.id()).get("state").asText()).isEqualTo("paused");

            tracker.assertForgotten(content.infoHash(), seed);

            seeder.resume(content.id());
            seeder.awaitState(content.id(), "seeding");
            tracker.awaitListed(content.infoHash(), seed);
        }
    }

    /** A seeder announcing 127.0.0.1, seeding {@code contents}, once the tracker lists it for each. */
    private SeederServiceProcess announcingSeederOf(SeedContent... contents) {
        SeederServiceProcess seeder = SeederServiceProcess.with(dataRoot, stateDir)
                .announceIp("127.0.0.1")
                .start();
        for (SeedContent content : contents) {
            seeder.seed(content);
            tracker.awaitListed(content.infoHash(), seeder.announcedPeer());
        }
        return seeder;
    }
}

package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.tracker.Peer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeder tells the tracker when it stops seeding a torrent: on graceful shutdown (SIGTERM), on removal and
 * on pause, it sends {@code stopped}, and the packaged tracker-service forgets the seed at once. The tracker's
 * peer timeout is its default, twice its 30-minute interval, so a seed that vanished without {@code stopped}
 * would stay listed far longer than these tests wait.
 */
class StoppedAnnounceIT {

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
    void aGracefulShutdownSendsStoppedForEveryTorrentOverHttpAndUdp() throws Exception {
        SeedContent overHttp = SeedContent.create(dataRoot, torrents, "shutdown-http", 66, MetaVersion.V1,
                List.of(tracker.httpAnnounceUrl()));
        SeedContent overUdp = SeedContent.create(dataRoot, torrents, "shutdown-udp", 77, MetaVersion.HYBRID,
                List.of(tracker.udpAnnounceUrl()));
        SeederServiceProcess seeder = announcingSeeder();
        try {
            Peer seed = seeder.announcedPeer();
            seeder.seed(overHttp);
            tracker.awaitListed(overHttp.infoHash(), seed);
            seeder.seed(overUdp);
            tracker.awaitListed(overUdp.infoHash(), seed);

            seeder.stopGracefully();

            tracker.assertForgotten(overHttp.infoHash(), seed);
            tracker.assertForgotten(overUdp.infoHash(), seed);
        } finally {
            seeder.close();
        }
    }

    @Test
    void removingATorrentSendsStoppedBeforeTheDeleteAnswers() throws Exception {
        SeedContent content = SeedContent.create(dataRoot, torrents, "removed", 88, MetaVersion.V1,
                List.of(tracker.httpAnnounceUrl()));
        try (SeederServiceProcess seeder = announcingSeeder()) {
            Peer seed = seeder.announcedPeer();
            seeder.seed(content);
            tracker.awaitListed(content.infoHash(), seed);

            seeder.delete(content.id());

            tracker.assertForgotten(content.infoHash(), seed);
        }
    }

    @Test
    void pausingATorrentSendsStoppedAndResumingSendsStartedAgain() throws Exception {
        SeedContent content = SeedContent.create(dataRoot, torrents, "paused", 99, MetaVersion.V1,
                List.of(tracker.udpAnnounceUrl()));
        try (SeederServiceProcess seeder = announcingSeeder()) {
            Peer seed = seeder.announcedPeer();
            seeder.seed(content);
            tracker.awaitListed(content.infoHash(), seed);

            assertThat(seeder.pause(content.id()).get("state").asText()).isEqualTo("paused");

            tracker.assertForgotten(content.infoHash(), seed);

            seeder.resume(content.id());
            seeder.awaitState(content.id(), "seeding");
            tracker.awaitListed(content.infoHash(), seed);
        }
    }

    private SeederServiceProcess announcingSeeder() {
        return SeederServiceProcess.with(dataRoot, stateDir).announceIp("127.0.0.1").start();
    }
}

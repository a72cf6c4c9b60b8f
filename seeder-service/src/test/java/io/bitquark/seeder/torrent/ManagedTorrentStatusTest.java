package io.bitquark.seeder.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.bitquark.seeder.rate.TorrentRateLimits;
import io.bitquark.seeder.storage.BlockBuffers;
import io.bitquark.seeder.storage.ChangeDetection;
import io.bitquark.seeder.storage.FileHandles;
import io.bitquark.seeder.storage.StorageResources;
import io.bitquark.seeder.storage.TestTorrents;
import io.bitquark.seeder.storage.TorrentStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A torrent's state, reason and check percent move together, so that no view mixes two moments. */
class ManagedTorrentStatusTest {

    @TempDir
    Path root;

    private StorageResources resources;
    private ManagedTorrent torrent;

    @BeforeEach
    void aTorrent() throws Exception {
        Path fixtures = TestTorrents.webtorrentFixtures();
        byte[] bytes = Files.readAllBytes(fixtures.resolve("alice.torrent"));
        Metainfo metainfo = MetainfoParser.lenient().parse(bytes);
        resources = new StorageResources(
                new FileHandles(4), new BlockBuffers(TestTorrents.KIB16, 2), ChangeDetection.off());
        TorrentStorage storage = TorrentStorage.open(metainfo, root, root.resolve("alice.txt"), resources);
        torrent = new ManagedTorrent(
                metainfo,
                bytes,
                root.resolve("alice.txt"),
                new TorrentRecord("alice.txt", false, false, 0),
                storage,
                Runnable::run,
                TorrentRateLimits.unlimited());
    }

    @AfterEach
    void close() {
        resources.close();
    }

    @Test
    void aNewTorrentIsCheckingAtZeroPercent() {
        assertThat(torrent.status()).isEqualTo(new ManagedTorrent.Status(TorrentState.CHECKING, null, 0));
        assertThat(torrent.accepting()).isFalse();
    }

    @Test
    void aCheckThatHashedEveryByteStaysBelow100PercentUntilItsResultIsAccepted() {
        torrent.checking();
        torrent.checkProgress(42.5);
        assertThat(torrent.percent()).isEqualTo(42.5);
        torrent.checkProgress(100);
        assertThat(torrent.state()).isEqualTo(TorrentState.CHECKING);
        assertThat(torrent.percent()).isLessThan(100);

        assertThat(torrent.checked(TorrentState.SEEDING, null)).isTrue();
        assertThat(torrent.status()).isEqualTo(new ManagedTorrent.Status(TorrentState.SEEDING, null, 100));
        assertThat(torrent.accepting()).isTrue();
    }

    @Test
    void progressReportedAfterTheCheckEndedIsIgnored() {
        torrent.checking();
        torrent.checked(TorrentState.PARTIAL, "3 of 10 pieces are missing");
        torrent.checkProgress(12);
        assertThat(torrent.status())
                .isEqualTo(new ManagedTorrent.Status(TorrentState.PARTIAL, "3 of 10 pieces are missing", 100));
    }

    @Test
    void aCheckEndingAfterThePauseLeavesTheTorrentPaused() {
        torrent.checking();
        torrent.checkProgress(30);
        torrent.state(TorrentState.PAUSED, "paused by the operator");
        assertThat(torrent.checked(TorrentState.SEEDING, null)).isFalse();
        assertThat(torrent.status())
                .isEqualTo(new ManagedTorrent.Status(TorrentState.PAUSED, "paused by the operator", 30));
        assertThat(torrent.accepting()).isFalse();
    }

    @Test
    void pausingASeedKeeps100PercentAndResumingStartsAgainAtZero() {
        torrent.checking();
        torrent.checked(TorrentState.SEEDING, null);
        torrent.state(TorrentState.PAUSED, "paused by the operator");
        assertThat(torrent.percent()).isEqualTo(100);
        torrent.checking();
        assertThat(torrent.status()).isEqualTo(new ManagedTorrent.Status(TorrentState.CHECKING, null, 0));
    }
}

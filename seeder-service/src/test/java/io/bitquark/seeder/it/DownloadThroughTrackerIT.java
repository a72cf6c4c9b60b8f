package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.testsupport.RedisServerProcess;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients download from the packaged seeder, finding it only through the packaged tracker-service, whose
 * swarms are in a real Redis. The seeder announces 127.0.0.1 (its {@code announce-ip}) and the peer-wire port it
 * bound; the client gets that address from the tracker, downloads, verifies every piece and stops. Every file it
 * wrote must have the SHA-256 of the original.
 *
 * <p>aria2 downloads v1 torrents, over an HTTP and over a UDP tracker. The hybrid torrent is downloaded by
 * libtorrent: aria2 1.36 cannot join a hybrid swarm from anyone, because it computes the info-hash over its own
 * re-encoding of the info dictionary, which drops the empty keys of the BEP 52 file tree, and so announces and
 * handshakes with a hash that is not the torrent's.
 */
@Tag("interop")
class DownloadThroughTrackerIT {

    @TempDir
    static Path dataRoot;

    @TempDir
    static Path stateDir;

    @TempDir
    static Path torrents;

    static RedisServerProcess redis;
    static TrackerServiceProcess tracker;
    static SeederServiceProcess seeder;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        redis = RedisServerProcess.startOnFreePort();
        tracker = TrackerServiceProcess.startWithRedis(redis);
        seeder = SeederServiceProcess.with(dataRoot, stateDir)
                .announceIp("127.0.0.1")
                .start();
    }

    @AfterAll
    static void stop() {
        if (seeder != null) {
            seeder.close();
        }
        if (tracker != null) {
            tracker.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aria2DownloadsAV1MultiFileTorrentFoundThroughAnHttpTracker() throws Exception {
        SeedContent content = SeedContent.create(
                dataRoot, torrents, "v1-over-http", 11, MetaVersion.V1, List.of(tracker.httpAnnounceUrl()));
        aria2DownloadsEveryByte(content, false);
    }

    @Test
    void libtorrentDownloadsAHybridTorrentFoundThroughAnHttpTracker() throws Exception {
        SeedContent content = SeedContent.create(
                dataRoot, torrents, "hybrid-over-http", 22, MetaVersion.HYBRID, List.of(tracker.httpAnnounceUrl()));
        seededAndAnnounced(content);
        Path saveDir = work.resolve("libtorrent");

        BitTorrentClients.Run libtorrent = BitTorrentClients.libtorrent(content.torrent(), saveDir, work);

        assertThat(libtorrent.exitCode())
                .as("lt_leech.py's exit code; it printed:\n%s", libtorrent.output())
                .isZero();
        assertThat(content.sha256In(saveDir.resolve(content.name()))).isEqualTo(content.sha256());
        assertThat(seeder.torrent(content.id()).get("uploaded").asLong()).isGreaterThanOrEqualTo(SeedContent.BYTES);
    }

    @Test
    void aria2DownloadsAV1MultiFileTorrentFoundThroughAUdpTracker() throws Exception {
        SeedContent content = SeedContent.create(
                dataRoot, torrents, "v1-over-udp", 33, MetaVersion.V1, List.of(tracker.udpAnnounceUrl()));
        aria2DownloadsEveryByte(content, true);
    }

    @Test
    void weDownloadAV1TorrentFromALibtorrentSeedFoundThroughTheTrackerAndSeedItToAria2() throws Exception {
        SeedContent content = downloadedFromALibtorrentSeed("v1-from-libtorrent", 44, MetaVersion.V1);
        Path saveDir = work.resolve("aria2-third");

        BitTorrentClients.Run aria2 = BitTorrentClients.aria2(content.torrent(), saveDir, work, false);

        assertThat(aria2.exitCode())
                .as("aria2c's exit code; it printed:\n%s", aria2.output())
                .isZero();
        assertThat(content.sha256In(saveDir.resolve(content.name()))).isEqualTo(content.sha256());
        assertThat(seeder.torrent(content.id()).get("uploaded").asLong())
                .as("the libtorrent seed is gone: every byte aria2 has came from us")
                .isGreaterThanOrEqualTo(SeedContent.BYTES);
    }

    @Test
    void weDownloadAHybridTorrentFromALibtorrentSeedFoundThroughTheTrackerAndSeedItToLibtorrent() throws Exception {
        SeedContent content = downloadedFromALibtorrentSeed("hybrid-from-libtorrent", 55, MetaVersion.HYBRID);
        Path saveDir = work.resolve("libtorrent-third");

        BitTorrentClients.Run libtorrent = BitTorrentClients.libtorrent(content.torrent(), saveDir, work);

        assertThat(libtorrent.exitCode())
                .as("lt_leech.py's exit code; it printed:\n%s", libtorrent.output())
                .isZero();
        assertThat(content.sha256In(saveDir.resolve(content.name()))).isEqualTo(content.sha256());
        assertThat(seeder.torrent(content.id()).get("uploaded").asLong())
                .as("the libtorrent seed is gone: every byte the third client has came from us")
                .isGreaterThanOrEqualTo(SeedContent.BYTES);
    }

    /**
     * A python3-libtorrent seed of new content announces to the HTTP tracker; the seeder is given only the .torrent
     * ({@code download=true}, no peers) and finds the seed through the tracker. Once it seeds, every file it wrote
     * has the original's SHA-256, and the libtorrent seed is stopped, so that a third client can only get the
     * bytes from us.
     */
    private SeedContent downloadedFromALibtorrentSeed(String name, long seed, MetaVersion version) throws Exception {
        Path seedDir = work.resolve("libtorrent-seed");
        SeedContent content =
                SeedContent.create(seedDir, torrents, name, seed, version, List.of(tracker.httpAnnounceUrl()));
        String dataPath = name + "-downloaded";
        try (BitTorrentClients.Seed libtorrent =
                BitTorrentClients.libtorrentSeed(content.torrent(), seedDir, work, 0)) {
            tracker.awaitListed(content.infoHash(), Peer.of(InetAddress.getLoopbackAddress(), libtorrent.port()));

            seeder.download(content.torrent(), dataPath);
            seeder.awaitState(content.id(), "seeding", BitTorrentClients.CLIENT_TIMEOUT);

            assertThat(seeder.torrent(content.id()).get("downloaded").asLong())
                    .as("bytes of the pieces, pad files included")
                    .isEqualTo(content.metainfo().pieceHashes().totalLength());
        }
        assertThat(content.sha256In(dataRoot.resolve(dataPath))).isEqualTo(content.sha256());
        return content;
    }

    private void aria2DownloadsEveryByte(SeedContent content, boolean udp) throws Exception {
        seededAndAnnounced(content);
        Path saveDir = work.resolve("aria2");

        BitTorrentClients.Run aria2 = BitTorrentClients.aria2(content.torrent(), saveDir, work, udp);

        assertThat(aria2.exitCode())
                .as("aria2c's exit code; it printed:\n%s", aria2.output())
                .isZero();
        assertThat(content.sha256In(saveDir.resolve(content.name()))).isEqualTo(content.sha256());
        assertThat(seeder.torrent(content.id()).get("uploaded").asLong()).isGreaterThanOrEqualTo(SeedContent.BYTES);
    }

    /** Adds the content to the seeder and waits until the tracker (its swarms in Redis) lists the seed. */
    private static void seededAndAnnounced(SeedContent content) {
        seeder.seed(content);
        tracker.awaitListed(content.infoHash(), seeder.announcedPeer());
        assertThat(Long.parseLong(redis.command("DBSIZE")))
                .as("keys in the tracker's Redis")
                .isPositive();
    }
}

package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.seeder.storage.TestTorrents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pieces are served as soon as they are verified, while the download still runs: we download 16 MiB from a
 * python3-libtorrent seed, held to 1 MiB/s by the torrent's own limit, and a second libtorrent that knows only us
 * leeches from us. The downloading torrent's choker (reciprocal, with free slots for newcomers) unchokes it, and
 * it receives piece data while we are still {@code downloading}. Once the limit is lifted we finish, the seed's
 * choker takes over, and the leecher completes with every byte from us alone.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class WeServeWhileWeDownloadTest extends LibtorrentInterop {

    @Test
    void aLeecherGetsVerifiedPiecesFromUsWhileWeDownloadAndCompletesOnceWeAreASeed() throws Exception {
        Path seedDir = work.resolve("seed");
        Path file = seedDir.resolve("relayed.bin");
        Files.createDirectories(seedDir);
        TestTorrents.write(file, 16 * 1024 * 1024, 78);
        Metainfo torrent = TestTorrents.v1Single(file, 256 * 1024);
        Path torrentFile = Path.of(Libtorrent.torrentFile(torrent.encode(), work));

        try (Libtorrent.Client seed = Libtorrent.seed(torrentFile, seedDir)) {
            String id = SeederApi.download(torrent.encode(), "relayed", Map.of("downloadRateLimit", 1024 * 1024));
            SeederApi.addPeers(id, Libtorrent.LOOPBACK + ":" + seed.port());

            try (Libtorrent.Client leecher = Libtorrent.leecher(
                    torrentFile.toString(), work.resolve("leecher"), List.of(), session.peerPort())) {
                Awaitility.await()
                        .atMost(30, TimeUnit.SECONDS)
                        .pollInterval(100, TimeUnit.MILLISECONDS)
                        .until(() -> SeederApi.torrent(id).getLong("uploaded") > 0);
                assertThat(SeederApi.torrent(id).getString("state"))
                        .as("piece data went to the leecher before our download finished")
                        .isEqualTo("downloading");

                SeederApi.limit(id, Map.of("downloadRateLimit", 0L));
                SeederApi.awaitState(id, "seeding");
                leecher.report().assertCompleted();
            }
        }
        Content.assertSameFiles(torrent, seedDir.resolve("relayed.bin"), content("relayed"));
        Content.assertSameFiles(torrent, seedDir.resolve("relayed.bin"), work.resolve("leecher/relayed.bin"));
    }
}

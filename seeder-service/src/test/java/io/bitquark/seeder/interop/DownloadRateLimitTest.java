package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.seeder.storage.TestTorrents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A torrent's own download limit holds against a real seed: python3-libtorrent seeds 24 MiB unthrottled, we
 * download it limited to 2 MiB/s, and the rate measured over 4 seconds (after the bucket's burst) is the limit
 * within 25 %. Lifting the limit with {@code PATCH} lets the rest arrive, and every byte is the seed's.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class DownloadRateLimitTest extends LibtorrentInterop {

    private static final long LIMIT = 2 * 1024 * 1024;
    private static final long MEASURE_MILLIS = 4_000;

    @Test
    void aTorrentsDownloadLimitHoldsAndLiftingItLetsTheDownloadFinish() throws Exception {
        Path seedDir = work.resolve("seed");
        Path file = seedDir.resolve("limited.bin");
        Files.createDirectories(seedDir);
        TestTorrents.write(file, 24 * 1024 * 1024, 77);
        Metainfo torrent = TestTorrents.v1Single(file, 256 * 1024);
        Path torrentFile = Path.of(Libtorrent.torrentFile(torrent.encode(), work));

        try (Libtorrent.Client seed = Libtorrent.seed(torrentFile, seedDir)) {
            String id = SeederApi.download(torrent.encode(), "limited", Map.of("downloadRateLimit", LIMIT));
            SeederApi.addPeers(id, Libtorrent.LOOPBACK + ":" + seed.port());

            Awaitility.await()
                    .atMost(30, TimeUnit.SECONDS)
                    .until(() -> SeederApi.torrent(id).getLong("downloaded") >= LIMIT);
            long before = SeederApi.torrent(id).getLong("downloaded");
            long began = System.nanoTime();
            Thread.sleep(MEASURE_MILLIS);
            long after = SeederApi.torrent(id).getLong("downloaded");
            double seconds = (System.nanoTime() - began) / 1e9;
            assertThat((after - before) / seconds)
                    .as("bytes per second under the limit")
                    .isCloseTo((double) LIMIT, within(0.25 * LIMIT));
            assertThat(SeederApi.torrent(id).getString("state")).isEqualTo("downloading");

            SeederApi.limit(id, Map.of("downloadRateLimit", 0L));
            SeederApi.awaitState(id, "seeding");
        }
        Content.assertSameFiles(torrent, seedDir.resolve("limited.bin"), content("limited"));
    }
}

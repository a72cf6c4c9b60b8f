package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * seeder-service as a downloader: python3-libtorrent seeds the multi-file set (v1, and hybrid with its pad files),
 * we add its .torrent with {@code download=true} into an empty data path and give the seed as a peer through
 * {@code POST /api/torrents/{id}/peers}. The torrent goes from {@code downloading} to {@code seeding} with every
 * byte as the seed has it, and then serves a third client (libtorrent again, from us alone) that completes.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class WeDownloadFromLibtorrentTest extends LibtorrentInterop {

    @ParameterizedTest
    @EnumSource(value = MetaVersion.class, names = "V2", mode = Mode.EXCLUDE)
    void weDownloadTheMultiFileSetFromALibtorrentSeedThenSeedItToAThirdClient(MetaVersion version) throws Exception {
        String name = "from libtorrent " + version.name().toLowerCase(Locale.ROOT);
        Path seedDir = work.resolve("lt-seed-" + version);
        Metainfo torrent = GeneratedSet.create(version, seedDir.resolve(name));
        Path torrentFile = Path.of(Libtorrent.torrentFile(torrent.encode(), work));
        String dataPath = "downloaded " + version.name().toLowerCase(Locale.ROOT);

        try (Libtorrent.Client seed = Libtorrent.seed(torrentFile, seedDir)) {
            String id = SeederApi.download(torrent.encode(), dataPath, Map.of());
            JsonPath before = SeederApi.torrent(id);
            assertThat(before.getDouble("downloadPercent")).isZero();
            assertThat(before.getBoolean("download")).isTrue();

            int added = SeederApi.addPeers(id, Libtorrent.LOOPBACK + ":" + seed.port());
            assertThat(added).as("peers new to the torrent").isEqualTo(1);

            SeederApi.awaitState(id, "seeding");
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getDouble("downloadPercent")).isEqualTo(100.0);
            assertThat(after.getInt("piecesHave")).isEqualTo(after.getInt("piecesTotal"));
            assertThat(after.getLong("wastedBytes"))
                    .as("bytes received for nothing")
                    .isZero();
            assertThat(after.getLong("downloaded"))
                    .isEqualTo(torrent.pieceHashes().totalLength());
        }

        Content.assertSameFiles(torrent, seedDir.resolve(name), content(dataPath));

        Path third = work.resolve("third-" + version);
        Libtorrent.download(torrentFile.toString(), third, session.peerPort()).assertCompleted();
        Content.assertSameFiles(torrent, seedDir.resolve(name), third.resolve(torrent.name()));
    }
}

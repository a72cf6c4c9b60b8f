package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * libtorrent downloads multi-MiB torrents we made (PieceHashing, MetainfoBuilder) from the running
 * seeder-service by direct peer connection, as v1, hybrid and v2-only torrents, and every file it saves has
 * the seeded bytes. The multi-file set has odd sizes, nested directories, a name with spaces, a non-ASCII
 * name and an empty file; its hybrid and v2 forms have pad files, which we serve as zeros.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class LibtorrentDownloadsGeneratedContentTest extends LibtorrentInterop {

    @ParameterizedTest
    @EnumSource(MetaVersion.class)
    void libtorrentDownloadsASingleFileTorrentAndTheFileHasTheSeededBytes(MetaVersion version) throws Exception {
        String name = "single " + version.name().toLowerCase(Locale.ROOT) + ".bin";
        Path seeded = content(name);
        Metainfo torrent = GeneratedSet.singleFile(version, seeded);

        libtorrentDownloadsEveryByte(torrent.encode(), torrent, seeded);
    }

    @ParameterizedTest
    @EnumSource(MetaVersion.class)
    void libtorrentDownloadsTheMultiFileSetAndEveryFileHasTheSeededBytes(MetaVersion version) throws Exception {
        Path seeded = content("set " + version.name().toLowerCase(Locale.ROOT));
        Metainfo torrent = GeneratedSet.create(version, seeded);

        libtorrentDownloadsEveryByte(torrent.encode(), torrent, seeded);
    }

    @Test
    void twoLeechersDownloadingAtOnceFromTheSameSeedBothComplete() throws Exception {
        Path seeded = content("two leechers");
        Metainfo torrent = GeneratedSet.create(MetaVersion.HYBRID, seeded);
        String id = SeederApi.seed(torrent.encode(), seeded.getFileName().toString());
        String torrentFile = Libtorrent.torrentFile(torrent.encode(), work);

        try (Libtorrent.Client first =
                        Libtorrent.leecher(torrentFile, work.resolve("first"), List.of(), session.peerPort());
                Libtorrent.Client second =
                        Libtorrent.leecher(torrentFile, work.resolve("second"), List.of(), session.peerPort())) {
            first.report().assertCompleted();
            second.report().assertCompleted();
        }
        long contentBytes = GeneratedSet.FILES.values().stream()
                .mapToLong(Integer::longValue)
                .sum();
        assertThat(SeederApi.torrent(id).getLong("uploaded"))
                .as("bytes we sent")
                .isGreaterThanOrEqualTo(2 * contentBytes);
        Content.assertSameFiles(torrent, seeded, work.resolve("first").resolve(torrent.name()));
        Content.assertSameFiles(torrent, seeded, work.resolve("second").resolve(torrent.name()));
    }
}

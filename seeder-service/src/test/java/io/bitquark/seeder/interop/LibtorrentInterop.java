package io.bitquark.seeder.interop;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.torrent.TorrentSession;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each interop specification works with: the running service (its peer-wire port and data root), a
 * scratch directory for .torrent files and downloads, and an installed libtorrent.
 */
abstract class LibtorrentInterop {

    @Inject
    TorrentSession session;

    @Inject
    SeederConfig config;

    @TempDir
    Path work;

    @BeforeAll
    static void libtorrentIsInstalled() {
        Libtorrent.require();
    }

    /** Where the content named {@code dataPath} lives: under the service's data root. */
    Path content(String dataPath) {
        return Path.of(config.dataRoot(), dataPath);
    }

    /**
     * Seeds {@code torrent} from {@code seeded} through the API, lets libtorrent download it from our peer
     * port, and checks that it completed cleanly and that every file has the seeded bytes.
     */
    void libtorrentDownloadsEveryByte(byte[] torrent, Metainfo metainfo, Path seeded) {
        SeederApi.seed(torrent, seeded.getFileName().toString());
        Path saveDir = work.resolve("download");

        Libtorrent.download(Libtorrent.torrentFile(torrent, work), saveDir, session.peerPort())
                .assertCompleted();

        Content.assertSameFiles(metainfo, seeded, saveDir.resolve(metainfo.name()));
    }
}

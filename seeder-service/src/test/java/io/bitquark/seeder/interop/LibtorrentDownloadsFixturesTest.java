package io.bitquark.seeder.interop;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.bitquark.seeder.storage.TestTorrents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libtorrent downloads webtorrent's fixture torrents, as they were made by another client, from the
 * running seeder-service by direct peer connection, and every file it saves has the seeded bytes: a
 * single-file torrent (alice) and multi-file ones (a directory of one file, of three, and nested
 * directories with spaces in their names).
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class LibtorrentDownloadsFixturesTest extends LibtorrentInterop {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "folder", "numbers", "lots-of-numbers"})
    void libtorrentDownloadsTheFixtureFromUsAndEveryFileHasTheSeededBytes(String fixture) throws Exception {
        Path fixtures = TestTorrents.webtorrentFixtures();
        byte[] torrent = Files.readAllBytes(fixtures.resolve(fixture + ".torrent"));
        Metainfo metainfo = MetainfoParser.lenient().parse(torrent);
        Path seeded = content(metainfo.name());
        Content.copy(fixtures.resolve(metainfo.name()), seeded);

        libtorrentDownloadsEveryByte(torrent, metainfo, seeded);
    }
}

package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * libtorrent given only a magnet link ({@code xt=urn:btih:<v1 info-hash>}, or {@code xt=urn:btmh:1220<v2
 * info-hash>} for a v2-only torrent; the seed in {@code x.pe}) fetches the info dictionary from us over BEP 9
 * ut_metadata, then downloads the data, and every file it saves has the seeded bytes. A v2-only torrent
 * fetched this way has no piece layers; libtorrent asks for them with BEP 52 hash requests, which we do not
 * answer, and completes all the same.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class LibtorrentStartsFromAMagnetLinkTest extends LibtorrentInterop {

    @ParameterizedTest
    @EnumSource(MetaVersion.class)
    void libtorrentFetchesTheInfoDictionaryFromUsThenTheDataAndEveryFileHasTheSeededBytes(MetaVersion version)
            throws Exception {
        Path seeded = content("magnet " + version.name().toLowerCase(Locale.ROOT));
        Metainfo torrent = GeneratedSet.create(version, seeded);
        SeederApi.seed(torrent.encode(), seeded.getFileName().toString());
        int port = session.peerPort();
        String magnet = "magnet:?xt=" + exactTopic(torrent) + "&x.pe=127.0.0.1:" + port;
        Path saveDir = work.resolve("download");

        Libtorrent.Report report = Libtorrent.download(magnet, saveDir, port);

        report.assertCompleted();
        assertThat(report.totalPieces())
                .as("pieces in the info dictionary libtorrent fetched")
                .isEqualTo(torrent.pieceCount());
        Content.assertSameFiles(torrent, seeded, saveDir.resolve(torrent.name()));
    }

    /** BEP 9's btih for torrents with a v1 info-hash; BEP 52's multihash (SHA-256, 32 bytes) for v2-only ones. */
    private static String exactTopic(Metainfo torrent) {
        return torrent.infoHashV1()
                .map(h -> "urn:btih:" + h.hex())
                .orElseGet(() ->
                        "urn:btmh:1220" + torrent.infoHashV2().orElseThrow().hex());
    }
}

package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * libtorrent given only a magnet link ({@code xt=urn:btih:<v1 info-hash>}, or {@code xt=urn:btmh:1220<v2
 * info-hash>} for a v2-only torrent; the seed in {@code x.pe}) fetches the info dictionary from us over BEP 9
 * ut_metadata, then downloads the data, and every file it saves has the seeded bytes. A v2-only torrent
 * fetched this way has no piece layers; libtorrent asks us for them with BEP 52 hash requests, and we answer with
 * the hashes and their proof, which it accepts.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class LibtorrentStartsFromAMagnetLinkTest extends LibtorrentInterop {

    private static final String HASHES_ANSWERED = "bitquark_seeder_hash_requests_total{answer=\"hashes\"}";
    private static final String HASHES_REJECTED = "bitquark_seeder_hash_requests_total{answer=\"reject\"}";

    @ParameterizedTest
    @EnumSource(value = MetaVersion.class, names = "V2", mode = Mode.EXCLUDE)
    void libtorrentFetchesTheInfoDictionaryFromUsThenTheDataAndEveryFileHasTheSeededBytes(MetaVersion version)
            throws Exception {
        fetchByMagnet(version, "magnet " + version.name().toLowerCase(Locale.ROOT));
    }

    @Test
    void libtorrentAsksUsForThePieceLayersOfAV2OnlyTorrentAndAcceptsEveryAnswer() throws Exception {
        double answered = SeederApi.metric(HASHES_ANSWERED);
        double rejected = SeederApi.metric(HASHES_REJECTED);

        Libtorrent.Report report = fetchByMagnet(MetaVersion.V2, "magnet v2 layers");

        assertThat(SeederApi.metric(HASHES_ANSWERED))
                .as("hash requests we answered with hashes")
                .isGreaterThan(answered);
        assertThat(SeederApi.metric(HASHES_REJECTED))
                .as("hash requests we rejected")
                .isEqualTo(rejected);
        assertThat(report.badHashMessages())
                .as("peers libtorrent dropped for invalid hashes: %s", report)
                .isZero();
    }

    private Libtorrent.Report fetchByMagnet(MetaVersion version, String name) throws Exception {
        Path seeded = content(name);
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
        return report;
    }

    /** BEP 9's btih for torrents with a v1 info-hash; BEP 52's multihash (SHA-256, 32 bytes) for v2-only ones. */
    private static String exactTopic(Metainfo torrent) {
        return torrent.infoHashV1()
                .map(h -> "urn:btih:" + h.hex())
                .orElseGet(() ->
                        "urn:btmh:1220" + torrent.infoHashV2().orElseThrow().hex());
    }
}

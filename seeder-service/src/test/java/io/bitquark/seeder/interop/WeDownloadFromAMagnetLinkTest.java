package io.bitquark.seeder.interop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.magnet.MagnetLink;
import io.bitquark.protocol.magnet.PeerAddress;
import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * btdownloadheadless from a magnet link alone: no .torrent and no metainfo-service. The torrent is
 * {@code metadata} while its info dictionary comes from its {@code x.pe} peer over BEP 9, verified against the
 * link's info-hashes (SHA-1 for {@code btih}, SHA-256 for {@code btmh}); a v2-only torrent stays {@code metadata}
 * until the piece layers of its files larger than one piece (outside the info dictionary) have come from the seed
 * too, by BEP 52 hash requests, each proven up to its file's pieces root. Then it is checked, downloaded from the
 * same python3-libtorrent seed, byte-identical, and served to a third client.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class WeDownloadFromAMagnetLinkTest extends LibtorrentInterop {

    private static String magnet(Metainfo torrent, int... ports) {
        MagnetLink.Builder link = MagnetLink.builder().displayName(torrent.name());
        torrent.infoHashV1().map(InfoHash::bytes).ifPresent(link::infoHashV1);
        torrent.infoHashV2().map(InfoHash::bytes).ifPresent(link::infoHashV2);
        for (int port : ports) {
            link.peer(new PeerAddress(Libtorrent.LOOPBACK, port));
        }
        return link.build().toUri();
    }

    private static String addMagnet(String magnet, String dataPath) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("magnet", magnet, "download", true, "dataPath", dataPath))
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @ParameterizedTest
    @EnumSource(MetaVersion.class)
    void theMetadataComesFromTheMagnetsPeerAndThenEveryPiece(MetaVersion version) throws Exception {
        String name = "fetched by magnet " + version.name().toLowerCase(Locale.ROOT);
        Path seedDir = work.resolve("lt-seed-" + version);
        Metainfo torrent = GeneratedSet.create(version, seedDir.resolve(name));
        Path torrentFile = Path.of(Libtorrent.torrentFile(torrent.encode(), work));
        String dataPath = "from a magnet " + version.name().toLowerCase(Locale.ROOT);

        try (Libtorrent.Client seed = Libtorrent.seed(torrentFile, seedDir)) {
            String id = addMagnet(magnet(torrent, seed.port()), dataPath);
            SeederApi.awaitState(id, "seeding");
            assertThat(SeederApi.torrent(id).getLong("downloaded"))
                    .isEqualTo(torrent.pieceHashes().totalLength());
        }
        Content.assertSameFiles(torrent, seedDir.resolve(name), content(dataPath));

        Path third = work.resolve("third-" + version);
        Libtorrent.download(torrentFile.toString(), third, session.peerPort()).assertCompleted();
        Content.assertSameFiles(torrent, seedDir.resolve(name), third.resolve(torrent.name()));
    }

    /**
     * A magnet link's {@code ws=} web seeds join the download once the metadata is in (the link's peer gives the
     * metadata, then uploads at 32 KiB/s only): the web seed sends most of the pieces, and the view lists it.
     */
    @Test
    void theMagnetsWebSeedsJoinTheDownloadOnceTheMetadataIsIn() throws Exception {
        String name = "magnet with web seed";
        Path seedDir = work.resolve("lt-seed-ws");
        Metainfo torrent = GeneratedSet.create(MetaVersion.V1, seedDir.resolve(name));
        Path torrentFile = Path.of(Libtorrent.torrentFile(torrent.encode(), work));
        String dataPath = "from a magnet with ws";

        try (WebSeedServer web = WebSeedServer.serving(seedDir);
                Libtorrent.Client seed = Libtorrent.seed(torrentFile, seedDir, List.of("--upload-limit", "32768"))) {
            String link = MagnetLink.parse(magnet(torrent, seed.port())).toBuilder()
                    .webSeed(web.url())
                    .build()
                    .toUri();
            String id = addMagnet(link, dataPath);
            SeederApi.awaitState(id, "seeding");
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getString("webSeeds[0].url")).isEqualTo(web.url());
            assertThat(after.getLong("webSeeds[0].downloaded"))
                    .as("bytes the web seed sent")
                    .isPositive();
        }
        Content.assertSameFiles(torrent, seedDir.resolve(name), content(dataPath));
    }

    @Test
    void aPeerThatSendsWrongMetadataIsDroppedAndTheMetadataComesFromAnother() throws Exception {
        aLiarIsDroppedAndTheSeedGivesEverything(
                MetaVersion.V1, "lied about", LyingMetadataPeer::new, "metadata pieces");
    }

    @Test
    void aPeerWhoseHashesDoNotProveUpToThePiecesRootIsDroppedAndThePieceLayersComeFromAnother() throws Exception {
        aLiarIsDroppedAndTheSeedGivesEverything(
                MetaVersion.V2, "lied about layers", LyingMetadataPeer::lyingAboutHashes, "hashes messages");
    }

    private interface Liar {
        LyingMetadataPeer start(byte[] handshakeHash, byte[] info) throws IOException;
    }

    /**
     * The magnet link names only a liar: it is dropped ({@code bad-metadata}), the torrent stays {@code metadata}
     * (nothing it sent is used), and once a libtorrent seed is given the torrent completes, byte-identical.
     */
    private void aLiarIsDroppedAndTheSeedGivesEverything(MetaVersion version, String name, Liar lying, String lies)
            throws Exception {
        Path seedDir = work.resolve("lt-seed-" + name);
        Metainfo torrent = GeneratedSet.create(version, seedDir.resolve(name));
        Path torrentFile = Path.of(Libtorrent.torrentFile(torrent.encode(), work));
        byte[] hash = torrent.infoHashV1()
                .map(InfoHash::bytes)
                .orElseGet(() -> torrent.infoHashV2().orElseThrow().truncated());

        try (LyingMetadataPeer liar = lying.start(hash, torrent.infoBytes());
                Libtorrent.Client seed = Libtorrent.seed(torrentFile, seedDir)) {
            String id = addMagnet(magnet(torrent, liar.port()), name);

            int sent = liar.closedAfterData.get(60, TimeUnit.SECONDS);
            assertThat(sent).as("%s the liar sent before we dropped it", lies).isPositive();
            assertThat(SeederApi.torrent(id).getString("state"))
                    .as("nothing a liar sent is used")
                    .isEqualTo("metadata");
            assertThat(given().get("/q/metrics").then().extract().asString()).contains("reason=\"bad-metadata\"");

            SeederApi.addPeers(id, Libtorrent.LOOPBACK + ":" + seed.port());
            SeederApi.awaitState(id, "seeding");
        }
        Content.assertSameFiles(torrent, seedDir.resolve(name), content(name));
    }
}

package io.bitquark.seeder.interop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With {@code bitquark.seeder.peer.encryption} at its default ({@code enabled}), a libtorrent set to require
 * encryption (out_enc_policy and in_enc_policy pe_forced, allowed_enc_level pe_rc4: Transmission's, qBittorrent's
 * and libtorrent's "require encryption") both downloads from us and is downloaded from, every byte as seeded, and
 * the connection is RC4: libtorrent sees our peer with its rc4_encrypted flag and never in plaintext.
 *
 * <p>Libtorrent connecting to us opens with MSE providing RC4 only, so we select RC4. We connect to it in plain
 * text first; it closes the connection on our plain handshake, and we dial it once more with MSE, providing
 * plaintext and RC4, of which it selects RC4.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class Rc4RequiredLibtorrentTest extends LibtorrentInterop {

    @Test
    void aLibtorrentThatRequiresRc4DownloadsEveryByteFromUs() throws Exception {
        Path seeded = content("rc4 set");
        Metainfo torrent = GeneratedSet.create(MetaVersion.V1, seeded);
        SeederApi.seed(torrent.encode(), seeded.getFileName().toString());
        Path saveDir = work.resolve("rc4 download");

        Libtorrent.Report report;
        try (Libtorrent.Client leecher = Libtorrent.leecher(
                Libtorrent.torrentFile(torrent.encode(), work), saveDir, Libtorrent.RC4_REQUIRED, session.peerPort())) {
            report = leecher.report();
        }

        report.assertCompleted();
        assertThat(report.rc4Peers())
                .as("peers libtorrent saw RC4-encrypted: %s", report)
                .isEqualTo(1);
        assertThat(report.plaintextPeers())
                .as("peers libtorrent saw in plaintext: %s", report)
                .isZero();
        Content.assertSameFiles(torrent, seeded, saveDir.resolve(torrent.name()));
    }

    @Test
    void weDownloadEveryByteFromALibtorrentSeedThatRequiresRc4() throws Exception {
        String name = "from an rc4 seed";
        Path seedDir = work.resolve("rc4-seed");
        Metainfo torrent = GeneratedSet.create(MetaVersion.V1, seedDir.resolve(name));
        Path torrentFile = Path.of(Libtorrent.torrentFile(torrent.encode(), work));
        String dataPath = "downloaded over rc4";

        try (Libtorrent.Client seed = Libtorrent.seed(torrentFile, seedDir, Libtorrent.RC4_REQUIRED)) {
            String id = given().contentType(SeederApi.BITTORRENT)
                    .queryParam("dataPath", dataPath)
                    .queryParam("download", true)
                    .body(torrent.encode())
                    .post("/api/torrents")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            SeederApi.awaitState(id, "downloading");
            given().contentType(ContentType.JSON)
                    .body(Map.of("peers", List.of(Libtorrent.LOOPBACK + ":" + seed.port())))
                    .post("/api/torrents/" + id + "/peers")
                    .then()
                    .statusCode(200);

            SeederApi.awaitState(id, "seeding");
            assertThat(SeederApi.torrent(id).getLong("downloaded"))
                    .isEqualTo(torrent.pieceHashes().totalLength());
            Libtorrent.Report seen = awaitRc4Peer(seed);
            assertThat(seen.plaintextPeers())
                    .as("peers the seed saw in plaintext: %s", seen)
                    .isZero();
        }

        Content.assertSameFiles(torrent, seedDir.resolve(name), content(dataPath));
    }

    /**
     * The seed's report once it has seen a peer RC4-encrypted. It looks at its peers five times a second and the
     * connection stays open after the download (neither side closes a connection between two seeds here), so the
     * report comes; the seed's own timeout bounds the wait.
     */
    private static Libtorrent.Report awaitRc4Peer(Libtorrent.Client seed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Libtorrent.TIMEOUT_SECONDS);
        Libtorrent.Report latest = seed.latest();
        while (latest.rc4Peers() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            latest = seed.latest();
        }
        assertThat(latest.rc4Peers())
                .as("peers the seed saw RC4-encrypted: %s", latest)
                .isEqualTo(1);
        return latest;
    }
}

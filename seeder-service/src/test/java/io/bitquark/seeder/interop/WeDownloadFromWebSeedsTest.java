package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.storage.TestTorrents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * seeder-service downloads from web seeds, with no peer at all: BEP 19 {@code url-list} servers ({@link
 * WebSeedServer}: a directory behind Vert.x's range-capable static handler) are asked for whole pieces, one Range
 * request per file a piece covers, and BEP 17 {@code httpseeds} for a piece by index. Their pieces are verified like
 * any other: a corrupt one is fetched again from another seed, and a seed that answers errors is reported and
 * dropped without holding the download up.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
class WeDownloadFromWebSeedsTest {

    @Inject
    SeederConfig config;

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(MetaVersion.class)
    void aMultiFileTorrentWithOnlyAUrlListWebSeedDownloadsEveryFileByteForByte(MetaVersion version) throws Exception {
        String name = "web seed set " + version.name().toLowerCase(Locale.ROOT);
        Path served = work.resolve("served");
        Metainfo plain = GeneratedSet.create(version, served.resolve(name));
        try (WebSeedServer server = WebSeedServer.serving(served)) {
            Metainfo torrent = withSeeds(plain, "url-list", BList.of(BString.of(server.url())));
            String id = download(torrent, name);

            SeederApi.awaitState(id, "seeding");
            JsonPath after = SeederApi.torrent(id);
            long length = torrent.pieceHashes().totalLength();
            assertThat(after.getList("peers")).isEmpty();
            assertThat(after.getLong("downloaded")).isEqualTo(length);
            assertThat(after.getLong("wastedBytes")).isZero();
            assertThat(after.getString("webSeeds[0].url")).isEqualTo(server.url());
            assertThat(after.getString("webSeeds[0].type")).isEqualTo("url-list");
            assertThat(after.getLong("webSeeds[0].downloaded")).isEqualTo(length);
            assertThat(server.requests())
                    .as("every request a Range request under the torrent's name")
                    .isNotEmpty()
                    .allMatch(r -> r.contains(" bytes=") && r.startsWith("/web%20seed%20set%20"));
            assertThat(server.requests().size())
                    .as("one request per file span of a piece; v1 pieces span files, v2 and hybrid ones do not")
                    .isGreaterThanOrEqualTo(torrent.pieceCount());
            if (version == MetaVersion.V1) {
                assertThat(server.requests().size()).isGreaterThan(torrent.pieceCount());
            }
            Content.assertSameFiles(torrent, served.resolve(name), content(name));
        }
    }

    @Test
    void aSingleFileTorrentWhoseUrlListIsOneStringDownloadsTheFileByteForByte() throws Exception {
        String name = "web seed single.bin";
        SingleFile single = singleFile("served", name);
        Path file = single.file();
        Metainfo plain = single.torrent();
        try (WebSeedServer server = WebSeedServer.serving(file.getParent())) {
            Metainfo torrent = withSeeds(plain, "url-list", BString.of(server.url()));
            String id = download(torrent, name);

            SeederApi.awaitState(id, "seeding");
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getLong("downloaded")).isEqualTo(torrent.totalSize());
            assertThat(after.getLong("webSeeds[0].downloaded")).isEqualTo(torrent.totalSize());
            assertThat(server.requests())
                    .as("one Range request per piece, of the file named by the torrent")
                    .hasSize(torrent.pieceCount())
                    .allMatch(r -> r.startsWith("/web%20seed%20single.bin bytes="));
            Content.assertSameFiles(torrent, file, content(name));
        }
    }

    /**
     * A torrent's download limit holds for what its web seeds send too: each chunk of a response is charged to it,
     * and the response paused while it is spent. 12 MiB at 1 MiB/s, the rate measured over 4 s (after the bucket's
     * burst) is the limit within 25 %; lifting the limit lets the rest arrive.
     */
    @Test
    void aTorrentsDownloadLimitHoldsForItsWebSeeds() throws Exception {
        long limit = 1024 * 1024;
        String name = "web seed limited.bin";
        Path file = work.resolve("served").resolve(name);
        Files.createDirectories(file.getParent());
        TestTorrents.write(file, 12 * 1024 * 1024, 78);
        Metainfo plain = TestTorrents.v1Single(file, 256 * 1024);
        try (WebSeedServer server = WebSeedServer.serving(file.getParent())) {
            Metainfo torrent = withSeeds(plain, "url-list", BString.of(server.url()));
            String id = SeederApi.download(torrent.encode(), name, Map.of("downloadRateLimit", limit));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> SeederApi.torrent(id).getLong("downloaded") >= limit);
            long before = SeederApi.torrent(id).getLong("downloaded");
            long began = System.nanoTime();
            Thread.sleep(4_000);
            long after = SeederApi.torrent(id).getLong("downloaded");
            double seconds = (System.nanoTime() - began) / 1e9;
            assertThat((after - before) / seconds)
                    .as("bytes per second from the web seed under the limit")
                    .isCloseTo((double) limit, org.assertj.core.data.Offset.offset(0.25 * limit));

            SeederApi.limit(id, Map.of("downloadRateLimit", 0L));
            SeederApi.awaitState(id, "seeding");
            Content.assertSameFiles(torrent, file, content(name));
        }
    }

    /** A torrent that names more web seeds than {@code web-seeds-per-torrent} (4) uses the first four. */
    @Test
    void onlyTheFirstFourWebSeedsOfATorrentAreUsed() throws Exception {
        String name = "web seed many.bin";
        SingleFile single = singleFile("served many", name);
        List<WebSeedServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                servers.add(WebSeedServer.serving(single.file().getParent()));
            }
            Metainfo torrent = withSeeds(
                    single.torrent(),
                    "url-list",
                    BList.of(servers.stream()
                            .map(s -> (BValue) BString.of(s.url()))
                            .toList()));
            String id = download(torrent, name);

            SeederApi.awaitState(id, "seeding");
            assertThat(SeederApi.torrent(id).getList("webSeeds.url", String.class))
                    .containsExactlyElementsOf(servers.subList(0, 4).stream()
                            .map(WebSeedServer::url)
                            .toList());
            assertThat(servers.get(4).requests()).isEmpty();
            assertThat(servers.get(5).requests()).isEmpty();
            Content.assertSameFiles(torrent, single.file(), content(name));
        } finally {
            servers.forEach(WebSeedServer::close);
        }
    }

    /**
     * One byte of piece 6 differs at the first web seed. The second, honest seed holds its answers until that piece
     * has failed its hash, so the corrupt seed is the one that sends it; it is not asked for piece 6 again, the honest
     * seed is, and the download completes byte for byte, the failed piece counted as wasted.
     */
    @Test
    void aPieceThatFailsItsHashIsNotTakenFromThatWebSeedAgainAndIsFetchedFromAnother() throws Exception {
        String name = "web seed corrupt.bin";
        SingleFile single = singleFile("honest", name);
        Path file = single.file();
        Metainfo plain = single.torrent();
        Path corrupt = work.resolve("corrupt").resolve(name);
        Files.createDirectories(corrupt.getParent());
        Files.copy(file, corrupt);
        long pieceLength = plain.pieceLength();
        byte[] bytes = Files.readAllBytes(corrupt);
        bytes[(int) (6 * pieceLength + 100)] ^= 0x5a;
        Files.write(corrupt, bytes);
        String piece6 = "bytes=" + 6 * pieceLength + "-" + (7 * pieceLength - 1);
        try (WebSeedServer liar = WebSeedServer.serving(corrupt.getParent());
                WebSeedServer honest = WebSeedServer.servingOnceReleased(file.getParent())) {
            Metainfo torrent = withSeeds(plain, "url-list", BList.of(BString.of(liar.url()), BString.of(honest.url())));
            String id = download(torrent, name);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SeederApi.torrent(id).getLong("wastedBytes") >= pieceLength);
            honest.release();

            SeederApi.awaitState(id, "seeding");
            assertThat(liar.requests()).filteredOn(r -> r.endsWith(piece6)).hasSize(1);
            assertThat(honest.requests()).filteredOn(r -> r.endsWith(piece6)).hasSize(1);
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getLong("wastedBytes")).isEqualTo(pieceLength);
            assertThat(after.getLong("downloaded")).isEqualTo(torrent.totalSize());
            assertThat(after.getLong("webSeeds[0].downloaded") + after.getLong("webSeeds[1].downloaded"))
                    .isEqualTo(torrent.totalSize());
            Content.assertSameFiles(torrent, file, content(name));
        }
    }

    @Test
    void aWebSeedAnswering404IsReportedWithItsErrorWhileAnotherCompletesTheDownload() throws Exception {
        String name = "web seed 404 beside.bin";
        SingleFile single = singleFile("served", name);
        Path file = single.file();
        Metainfo plain = single.torrent();
        try (WebSeedServer missing = WebSeedServer.notFound();
                WebSeedServer server = WebSeedServer.serving(file.getParent())) {
            Metainfo torrent =
                    withSeeds(plain, "url-list", BList.of(BString.of(missing.url()), BString.of(server.url())));
            String id = download(torrent, name);

            SeederApi.awaitState(id, "seeding");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SeederApi.torrent(id).getString("webSeeds[0].error") != null);
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getString("webSeeds[0].error"))
                    .startsWith("piece ")
                    .contains("HTTP 404");
            assertThat(after.getLong("webSeeds[0].downloaded")).isZero();
            assertThat(after.getLong("webSeeds[1].downloaded")).isEqualTo(torrent.totalSize());
            Content.assertSameFiles(torrent, file, content(name));
        }
    }

    /** Ways for a web seed to answer what was not asked: each is an error, and nothing of it is taken. */
    enum Misanswer {
        /** 200 with the whole file: the Range header ignored. */
        IGNORES_THE_RANGE("the server ignored the Range header"),
        /** 206 with the right Content-Range, chunked, and one byte more than the range. */
        SENDS_MORE_THAN_ASKED("sent more than the"),
        /** A redirect to itself, without end. */
        REDIRECTS_IN_A_LOOP("HTTP 302");

        final String error;

        Misanswer(String error) {
            this.error = error;
        }

        Handler<RoutingContext> handler(Path file) {
            return switch (this) {
                case IGNORES_THE_RANGE -> ctx -> ctx.response().sendFile(file.toString());
                case SENDS_MORE_THAN_ASKED ->
                    ctx -> {
                        String[] range = ctx.request()
                                .getHeader("Range")
                                .substring("bytes=".length())
                                .split("-");
                        long first = Long.parseLong(range[0]);
                        long last = Long.parseLong(range[1]);
                        try {
                            byte[] all = Files.readAllBytes(file);
                            ctx.response()
                                    .setStatusCode(206)
                                    .setChunked(true)
                                    .putHeader("Content-Range", "bytes " + first + "-" + last + "/" + all.length)
                                    .end(Buffer.buffer(Arrays.copyOfRange(all, (int) first, (int) last + 2)));
                        } catch (IOException e) {
                            ctx.fail(e);
                        }
                    };
                case REDIRECTS_IN_A_LOOP ->
                    ctx -> ctx.response()
                            .setStatusCode(302)
                            .putHeader("Location", ctx.request().path())
                            .end();
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Misanswer.class)
    void aWebSeedThatAnswersWhatWasNotAskedIsAnErrorAndNothingOfItIsTaken(Misanswer misanswer) throws Exception {
        String name = "web seed misanswer " + misanswer.name().toLowerCase(Locale.ROOT) + ".bin";
        SingleFile single = singleFile("served", name);
        Path file = single.file();
        try (WebSeedServer bad = WebSeedServer.answering(misanswer.handler(file));
                WebSeedServer server = WebSeedServer.serving(file.getParent())) {
            Metainfo torrent =
                    withSeeds(single.torrent(), "url-list", BList.of(BString.of(bad.url()), BString.of(server.url())));
            String id = download(torrent, name);

            SeederApi.awaitState(id, "seeding");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SeederApi.torrent(id).getString("webSeeds[0].error") != null);
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getString("webSeeds[0].error")).contains(misanswer.error);
            assertThat(after.getLong("webSeeds[0].downloaded")).isZero();
            assertThat(after.getLong("wastedBytes"))
                    .as("nothing of the bad answers reached a piece")
                    .isZero();
            Content.assertSameFiles(torrent, file, content(name));
        }
    }

    @Test
    void aWebSeedThatOnlyAnswers404IsDroppedAfterItsFailuresWithTheReasonShown() throws Exception {
        String name = "web seed 404 alone.bin";
        SingleFile single = singleFile("served", name);
        Path file = single.file();
        Metainfo plain = single.torrent();
        try (WebSeedServer missing = WebSeedServer.notFound()) {
            Metainfo torrent = withSeeds(plain, "url-list", BString.of(missing.url()));
            String id = download(torrent, name);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "dropped".equals(SeederApi.torrent(id).getString("webSeeds[0].state")));
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getString("state")).isEqualTo("downloading");
            assertThat(after.getInt("webSeeds[0].failures")).isEqualTo(5);
            assertThat(after.getString("webSeeds[0].error")).endsWith(": HTTP 404");
            assertThat(missing.requests())
                    .as("a request per failure, and perhaps one that was under way at the drop")
                    .hasSizeBetween(5, 6);
        }
    }

    @Test
    void aTorrentWithOnlyAnHttpSeedDownloadsByPieceIndex() throws Exception {
        String name = "http seed.bin";
        SingleFile single = singleFile("served", name);
        Path file = single.file();
        Metainfo plain = single.torrent();
        try (WebSeedServer server = WebSeedServer.httpSeed(plain, file)) {
            String seed = server.url() + "seed";
            Metainfo torrent = withSeeds(plain, "httpseeds", BList.of(BString.of(seed)));
            String id = download(torrent, name);

            SeederApi.awaitState(id, "seeding");
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getString("webSeeds[0].type")).isEqualTo("httpseeds");
            assertThat(after.getLong("webSeeds[0].downloaded")).isEqualTo(torrent.totalSize());
            assertThat(after.getLong("downloaded")).isEqualTo(torrent.totalSize());
            assertThat(server.requests())
                    .as("a request per piece, by info-hash and index")
                    .hasSize(torrent.pieceCount())
                    .allMatch(r -> r.matches("/seed\\?info_hash=[^&]+&piece=\\d+"));
            Content.assertSameFiles(torrent, file, content(name));
        }
    }

    private static String download(Metainfo torrent, String dataPath) {
        return SeederApi.addToDownload(torrent.encode(), dataPath, Map.of());
    }

    /** Writes the single file {@code name} (about 3 MiB, 12 pieces) into {@code dir} of the scratch directory. */
    private SingleFile singleFile(String dir, String name) throws Exception {
        Path file = work.resolve(dir).resolve(name);
        Files.createDirectories(file.getParent());
        return new SingleFile(file, GeneratedSet.singleFile(MetaVersion.V1, file));
    }

    private record SingleFile(Path file, Metainfo torrent) {}

    private static Metainfo withSeeds(Metainfo torrent, String key, BValue urls) throws Exception {
        return torrent.withField(key, urls);
    }

    private Path content(String dataPath) {
        return Path.of(config.dataRoot(), dataPath);
    }
}

package io.bitquark.metainfo.interop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitquark.metainfo.api.ContentFixture;
import io.bitquark.metainfo.api.FreshDirectories;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real libtorrent (2.0, through its Python binding) loads every kind of torrent we create, computes the
 * info-hashes we announce, and finds every piece valid when it hash-checks the content from disk. The
 * content mixes what trips up creators: empty files (also alone in a directory's listing), nested
 * directories, spaces and non-ASCII names, and sizes that are no multiple of the piece length.
 */
@QuarkusTest
@WithTestResource(FreshDirectories.class)
@Tag("interop")
class LibtorrentAcceptsOurTorrentsTest {

    static final String NAME = "mixed content";
    static final String SCRIPT_TIMEOUT_SECONDS = "45";

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2", "hybrid"})
    void libtorrentComputesOurInfoHashesAndFindsEveryPieceValid(String version) throws Exception {
        String python = RealTools.pythonWithLibtorrent();
        writeContent();
        Response created = given().contentType("application/json")
                .body("""
                {"path": "%s", "version": "%s", "pieceLength": 16384}""".formatted(NAME, version))
                .post("/api/torrents");
        created.then().statusCode(201);
        Metainfo ours = MetainfoParser.strict().parse(RealTools.hostedTorrent(created.path("id")));

        JsonNode report = libtorrentChecks(python, ours);
        assertThat(report.path("v1").textValue()).isEqualTo(created.<String>path("infoHash"));
        assertThat(report.path("v2").textValue()).isEqualTo(created.<String>path("infoHashV2"));
        assertThat(report.path("name").asText()).isEqualTo(NAME);
        assertThat(report.path("num_files").asInt())
                .as("files, pad files included")
                .isEqualTo(ours.fileCount());
        assertThat(report.path("total_size").asLong())
                .isEqualTo(created.<Number>path("totalSize").longValue());
        assertThat(report.path("num_pieces").asInt()).isEqualTo(created.<Integer>path("pieceCount"));
        assertThat(report.path("have").asInt())
                .as("pieces libtorrent found valid")
                .isEqualTo(report.path("num_pieces").asInt());
        assertThat(report.path("state").asText()).isEqualTo("seeding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "hybrid"})
    void libtorrentReallyHashesTheContentAndFindsTheOnePieceWithAFlippedByteInvalid(String version) throws Exception {
        String python = RealTools.pythonWithLibtorrent();
        String name = "flipped " + version;
        ContentFixture.file(name + "/first.bin", 50_000, 9);
        Path second = ContentFixture.file(name + "/second.bin", 50_000, 10);
        String id = given().contentType("application/json")
                .body("""
                {"path": "%s", "version": "%s", "pieceLength": 16384}""".formatted(name, version))
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Metainfo ours = MetainfoParser.strict().parse(RealTools.hostedTorrent(id));
        byte[] bytes = Files.readAllBytes(second);
        bytes[20_000] ^= 1;
        Files.write(second, bytes);

        JsonNode report = libtorrentChecks(python, ours);

        assertThat(report.path("num_pieces").asInt()).isEqualTo(ours.pieceCount());
        assertThat(report.path("have").asInt()).isEqualTo(ours.pieceCount() - 1);
    }

    /** Runs libtorrent_check.py on a torrent whose content lies under the content root; returns its report. */
    private JsonNode libtorrentChecks(String python, Metainfo torrent) throws Exception {
        Path file = Files.write(work.resolve("checked.torrent"), torrent.encode());
        RealTools.Result result = RealTools.run(List.of(
                python,
                RealTools.script("libtorrent_check.py"),
                file.toString(),
                ContentFixture.ROOT.toString(),
                SCRIPT_TIMEOUT_SECONDS));
        assertThat(result.exitCode())
                .as("the script's exit code; it printed: %s", result.output())
                .isZero();
        JsonNode report = new ObjectMapper().readTree(lastLine(result.output()));
        assertThat(report.path("event").asText())
                .as("libtorrent's report: %s", result.output())
                .isEqualTo("checked");
        return report;
    }

    /** The same bytes on every call (seeded), so the three versions describe one content. */
    private static void writeContent() {
        ContentFixture.file(NAME + "/dossier été/naïve file.txt", 100_003, 1);
        ContentFixture.file(NAME + "/dossier été/sous dossier/profond/deep.bin", 40_000, 2);
        ContentFixture.file(NAME + "/dossier été/vide.txt", 0, 3);
        ContentFixture.file(NAME + "/empty at the top", 0, 4);
        ContentFixture.file(NAME + "/only empty/nothing", 0, 5);
        ContentFixture.file(NAME + "/with space.bin", 70_001, 6);
        ContentFixture.file(NAME + "/日本語.txt", 16_384, 7);
        ContentFixture.file(NAME + "/z.bin", 1, 8);
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }
}

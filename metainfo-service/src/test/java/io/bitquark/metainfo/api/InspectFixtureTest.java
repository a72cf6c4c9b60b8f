package io.bitquark.metainfo.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture torrent of the protocol module (libtorrent's and webtorrent's corpora) through
 * {@code POST /api/inspect}, against libtorrent's verdict in their {@code EXPECTED.tsv}. The fixtures are found
 * through the {@code bitquark.fixtures} system property that surefire sets.
 */
@QuarkusTest
@io.quarkus.test.common.WithTestResource(FreshDirectories.class)
class InspectFixtureTest {

    /** Fixtures with a name or path libtorrent rewrites because it is unsafe: we keep it and warn. */
    static final Set<String> UNSAFE = Set.of(
            "absolute_filename.torrent",
            "empty_path.torrent",
            "invalid_filename2.torrent",
            "invalid_name2.torrent",
            "parent_path.torrent",
            "slash_path.torrent",
            "slash_path2.torrent",
            "slash_path3.torrent",
            "symlink_filtered_path.torrent",
            "v2_invalid_filename2.torrent");

    /** One row of an EXPECTED.tsv. */
    record Expected(
            String corpus,
            String file,
            boolean valid,
            String v1InfoHash,
            String v2InfoHash,
            String name,
            long totalSize,
            int fileCount,
            int pieceCount,
            long pieceLength) {

        @Override
        public String toString() {
            return corpus + "/" + file;
        }
    }

    static Path fixtures() {
        String dir = System.getProperty("bitquark.fixtures");
        assertThat(dir)
                .as("the bitquark.fixtures system property (set by surefire in pom.xml)")
                .isNotNull();
        return Path.of(dir);
    }

    static List<Expected> rows() {
        List<Expected> rows = new ArrayList<>();
        for (String corpus : List.of("libtorrent", "webtorrent")) {
            try {
                List<String> lines =
                        Files.readAllLines(fixtures().resolve(corpus).resolve("EXPECTED.tsv"), StandardCharsets.UTF_8);
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] c = line.split("\t", -1);
                    boolean valid = c[1].equals("valid");
                    rows.add(new Expected(
                            corpus,
                            c[0],
                            valid,
                            c[2],
                            c[3],
                            c[4],
                            valid ? Long.parseLong(c[5]) : 0,
                            valid ? Integer.parseInt(c[6]) : 0,
                            valid ? Integer.parseInt(c[7]) : 0,
                            valid ? Long.parseLong(c[8]) : 0));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    static byte[] bytes(Expected row) {
        try {
            return Files.readAllBytes(fixtures().resolve(row.corpus()).resolve(row.file()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readsEveryFixtureRow() {
        assertThat(rows()).hasSize(78);
        assertThat(rows().stream().filter(r -> UNSAFE.contains(r.file())).count())
                .isEqualTo(UNSAFE.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void inspectAgreesWithLibtorrent(Expected row) {
        Response r =
                given().contentType("application/x-bittorrent").body(bytes(row)).post("/api/inspect");
        if (!row.valid()) {
            r.then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("status", equalTo(422))
                    .body("detail", notNullValue());
            return;
        }
        r.then()
                .statusCode(200)
                .contentType("application/json")
                .body("infoHash", row.v1InfoHash().isEmpty() ? nullValue() : equalTo(row.v1InfoHash()))
                .body("infoHashV2", row.v2InfoHash().isEmpty() ? nullValue() : equalTo(row.v2InfoHash()))
                .body("pieceCount", equalTo(row.pieceCount()))
                .body("pieceLength", equalTo(asJsonNumber(row.pieceLength())))
                .body("totalSize", equalTo(asJsonNumber(row.totalSize())))
                .body("fileCount", equalTo(row.fileCount()));
        List<String> codes = r.path("warnings.code");
        if (UNSAFE.contains(row.file())) {
            assertThat(codes).contains("unsafe-path");
        } else {
            assertThat(codes).doesNotContain("unsafe-path");
            assertThat(r.<String>path("name")).isEqualTo(row.name());
        }
    }

    /** RestAssured reads JSON numbers that fit an int as Integer, larger ones as Long. */
    static Object asJsonNumber(long value) {
        return value <= Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
    }
}

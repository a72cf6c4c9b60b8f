package io.bitquark.seeder.api;

import static io.bitquark.seeder.api.Api.BITTORRENT;
import static io.bitquark.seeder.api.Api.PROBLEM;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets an RFC 7807 {@code application/problem+json} 4xx that says what is wrong, and leaves
 * nothing behind: no torrent listed, no file in the state directory. This application has no
 * metainfo-service configured.
 */
@QuarkusTest
@WithTestResource(
        value = SeederTestResource.class,
        initArgs = @ResourceArg(name = "bitquark.seeder.metainfo-url", value = ""))
class BadInputTest {

    @AfterEach
    void nothingWasAddedOrPersisted() throws IOException {
        assertThat(Api.ids()).isEmpty();
        try (Stream<Path> files = Files.list(Fixtures.stateDir())) {
            assertThat(files).isEmpty();
        }
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String mentions) {
        return response.statusCode(status)
                .contentType(PROBLEM)
                .body("type", equalTo("about:blank"))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", containsString(mentions));
    }

    private static ValidatableResponse addFile(byte[] body, String dataPath) {
        return given().contentType(BITTORRENT)
                .body(body)
                .queryParam("dataPath", dataPath)
                .post("/api/torrents")
                .then();
    }

    private static ValidatableResponse addJson(String json) {
        return given().contentType("application/json")
                .body(json)
                .post("/api/torrents")
                .then();
    }

    @Test
    void aTruncatedTorrentIsA422WithTheOffsetOfTheProblem() {
        byte[] alice = Fixtures.torrent(Fixtures.ALICE);
        problem(addFile(Arrays.copyOf(alice, alice.length / 2), "alice.txt"), 422, "")
                .body("title", equalTo("Malformed torrent"))
                .body("offset", greaterThan(0));
    }

    @Test
    void aTorrentWithoutANameIsA422() {
        problem(addFile(Fixtures.torrent("corrupt.torrent"), "x"), 422, "name");
    }

    @Test
    void bytesThatAreNotBencodeAreA422AtOffsetZero() {
        problem(addFile("<html>not a torrent</html>".getBytes(), "x"), 422, "").body("offset", equalTo(0));
    }

    @Test
    void anEmptyBodyIsA400() {
        problem(addFile(new byte[0], "alice.txt"), 400, "body");
    }

    @Test
    void aBodyOfAnotherMediaTypeIsA415() {
        problem(
                given().contentType("text/plain")
                        .body("hello")
                        .post("/api/torrents")
                        .then(),
                415,
                "");
    }

    @ParameterizedTest(name = "dataPath {0}")
    @ValueSource(strings = {"../alice.txt", "."})
    void aDataPathOutsideTheDataRootOrTheRootItselfIsA400(String dataPath) {
        problem(addFile(Fixtures.torrent(Fixtures.ALICE), dataPath), 400, "dataPath");
    }

    @Test
    void aDataPathThroughASymlinkLeadingOutOfTheDataRootIsA400() throws IOException {
        Path outside = Files.createTempDirectory("bitquark-outside");
        Files.copy(Fixtures.webtorrentDir().resolve("alice.txt"), outside.resolve("alice.txt"));
        Path link = Fixtures.dataRoot().resolve("outside-link");
        Files.createSymbolicLink(link, outside);
        try {
            problem(addFile(Fixtures.torrent(Fixtures.ALICE), "outside-link/alice.txt"), 400, "symlink");
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void contentWhoseFileIsASymlinkLeadingOutIsA422() throws IOException {
        Path outside = Files.createTempFile("bitquark-outside", ".txt");
        Path dir = Files.createDirectories(Fixtures.dataRoot().resolve("sneaky"));
        Files.createSymbolicLink(dir.resolve("file.txt"), outside);
        problem(addFile(Fixtures.torrent(Fixtures.FOLDER), "sneaky"), 422, "sneaky");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no reference          | {}                                                                  | exactly one",
                "only a dataPath       | {\"dataPath\": \"alice.txt\"}                                       | exactly one",
                "two references        | {\"infoHash\": \"" + Fixtures.ALICE_V1
                        + "\", \"metainfoUrl\": \"http://127.0.0.1:1/a.torrent\"} | exactly one",
                "three references      | {\"infoHash\": \"" + Fixtures.ALICE_V1
                        + "\", \"metainfoUrl\": \"http://127.0.0.1:1/a\", \"magnet\": \"magnet:?xt=urn:btih:"
                        + Fixtures.ALICE_V1 + "\"} | exactly one",
                "JSON null             | null                                                                | JSON object",
                "unknown field         | {\"metainfoUrl\": \"http://127.0.0.1:1/a.torrent\", \"colour\": \"red\"} | colour",
                "not JSON              | {metainfoUrl:                                                       | JSON",
                "wrong type            | {\"infoHash\": [1, 2]}                                              | JSON",
                "short info-hash       | {\"infoHash\": \"abc\"}                                             | infoHash",
                "non-hex info-hash     | {\"infoHash\": \"zz2fe65b2aa26d14f35b4ad627d20236e481d924\"}        | infoHash",
                "not a magnet          | {\"magnet\": \"http://example.org/\"}                               | magnet",
                "magnet without hash   | {\"magnet\": \"magnet:?dn=alice\"}                                  | magnet",
                "relative URL          | {\"metainfoUrl\": \"/torrents/a.torrent\"}                          | metainfoUrl",
                "file URL              | {\"metainfoUrl\": \"file:///etc/passwd\"}                           | metainfoUrl",
                "not a URL             | {\"metainfoUrl\": \"http://[::1\"}                                  | metainfoUrl",
            })
    void aBadJsonAddRequestIsA400(String name, String json, String mentions) {
        problem(addJson(json.trim()), 400, mentions.trim());
    }

    @Test
    void anInfoHashWithoutAConfiguredMetainfoServiceIsA422() {
        problem(addJson("{\"infoHash\": \"" + Fixtures.ALICE_V1 + "\"}"), 422, "bitquark.seeder.metainfo-url");
    }

    @Test
    void anUnknownTorrentIsA404ForEveryCall() {
        String unknown = "0123456789abcdef0123456789abcdef01234567";
        problem(given().get("/api/torrents/" + unknown).then(), 404, unknown);
        problem(given().get("/api/torrents/not-a-hash").then(), 404, "not-a-hash");
        problem(given().delete("/api/torrents/" + unknown).then(), 404, unknown);
        problem(given().post("/api/torrents/" + unknown + "/pause").then(), 404, unknown);
        problem(given().post("/api/torrents/" + unknown + "/resume").then(), 404, unknown);
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        problem(given().get("/api/nothing-here").then(), 404, "");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "offset=-1       | offset",
                "limit=0         | limit",
                "limit=1001      | limit",
                "offset=abc      | offset",
                "limit=1.5       | limit",
            })
    void badPaginationIsA400(String query, String mentions) {
        problem(given().get("/api/torrents?" + query.trim()).then(), 400, mentions.trim());
    }
}

package io.bitquark.metainfo.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets a 4xx problem+json and creates nothing. */
@QuarkusTest
@io.quarkus.test.common.WithTestResource(FreshDirectories.class)
class BadInputTest {

    static int hosted() {
        return given().get("/api/torrents?limit=500")
                .then()
                .statusCode(200)
                .extract()
                .path("total");
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "traversal           | {\"path\": \"../etc/passwd\"}                         | 400 | ..",
                "missing path        | {}                                                    | 400 | path",
                "nonexistent         | {\"path\": \"no/such/file\"}                          | 404 | no such file",
                "bad piece length    | {\"path\": \"bad/ok.bin\", \"pieceLength\": 1000}     | 400 | pieceLength",
                "tiny piece length   | {\"path\": \"bad/ok.bin\", \"pieceLength\": 8192}     | 400 | pieceLength",
                "bad version         | {\"path\": \"bad/ok.bin\", \"version\": \"v3\"}       | 400 | version",
                "bad announce        | {\"path\": \"bad/ok.bin\", \"announce\": \"ftp://x\"} | 400 | URL",
                "bad name            | {\"path\": \"bad/ok.bin\", \"name\": \"../x\"}        | 400 | name",
                "bad date            | {\"path\": \"bad/ok.bin\", \"creationDate\": \"soon\"}| 400 | creationDate",
                "unknown field       | {\"path\": \"bad/ok.bin\", \"colour\": \"red\"}       | 400 | colour",
                "not json            | {path:                                                | 400 | JSON",
            })
    void isRefusedWithAProblemAndCreatesNothing(String name, String body, int status, String mentions) {
        ContentFixture.file("bad/ok.bin", 100, 1);
        int before = hosted();
        given().contentType("application/json")
                .body(body.trim())
                .post("/api/torrents")
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("detail", containsString(mentions.trim()));
        org.assertj.core.api.Assertions.assertThat(hosted()).isEqualTo(before);
    }

    @Test
    void aDirectoryEmptyAfterExcludesIsRefused() {
        ContentFixture.file("emptyish/.hidden", 10, 2);
        ContentFixture.file("emptyish/CVS/x", 10, 3);
        ContentFixture.dir("emptyish/empty");
        given().contentType("application/json")
                .body("{\"path\": \"emptyish\"}")
                .post("/api/torrents")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("no file"));
    }

    @Test
    void aSymlinkLeadingOutOfTheRootIsRefused() throws Exception {
        Path outside = Files.createTempFile("bitquark-outside", ".txt");
        Path link = ContentFixture.dir("links").resolve("out.txt");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside);
        given().contentType("application/json")
                .body("{\"path\": \"links/out.txt\"}")
                .post("/api/torrents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("symlink"));
        given().contentType("application/json")
                .body("{\"path\": \"links\"}")
                .post("/api/torrents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("symlink"));
    }

    @Test
    void aMalformedTorrentIsA422WithTheOffset() {
        given().contentType("application/x-bittorrent")
                .body("d4:infod6:lengthi03eee".getBytes())
                .post("/api/inspect")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("offset", equalTo(17))
                .body("detail", containsString("leading zero"));
        given().contentType("application/x-bittorrent")
                .body("d4:infod6:lengthi03eee".getBytes())
                .post("/api/torrents")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("offset", notNullValue());
        given().contentType("application/x-bittorrent")
                .body(new byte[0])
                .post("/api/inspect")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void unknownRoutesAndMediaTypesAreProblemsToo() {
        given().get("/api/torrents/not-a-hash").then().statusCode(404).contentType("application/problem+json");
        given().contentType("text/plain")
                .body("x")
                .post("/api/torrents")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }
}

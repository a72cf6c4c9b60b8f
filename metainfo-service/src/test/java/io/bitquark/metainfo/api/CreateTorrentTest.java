package io.bitquark.metainfo.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.bitquark.protocol.hash.MerkleTree;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Creating torrents from content under the root, over real HTTP. */
@QuarkusTest
@io.quarkus.test.common.WithTestResource(FreshDirectories.class)
class CreateTorrentTest {

    static byte[] torrentBytes(String id) {
        return given().get("/torrents/" + id + ".torrent")
                .then()
                .statusCode(200)
                .contentType("application/x-bittorrent")
                .header("Content-Disposition", containsString("attachment"))
                .extract()
                .asByteArray();
    }

    @Test
    void aSingleFileBecomesAV1TorrentWithEveryFieldOfTheResponse() throws Exception {
        Path file = ContentFixture.file("single/data.bin", 100_000, 1);
        Response r = given().contentType("application/json")
                .body(
                        "{\"path\": \"single/data.bin\", \"announce\": \"http://tracker.example:6969/announce\", \"pieceLength\": 16384}")
                .post("/api/torrents");
        r.then()
                .statusCode(201)
                .header("Location", endsWith("/api/torrents/" + r.path("infoHash")))
                .body("infoHash", notNullValue())
                .body("infoHashV2", nullValue())
                .body("name", equalTo("data.bin"))
                .body("totalSize", equalTo(100_000))
                .body("pieceLength", equalTo(16384))
                .body("pieceCount", equalTo(7))
                .body("files", hasSize(1))
                .body("files[0].path", equalTo("data.bin"))
                .body("magnet", containsString("xt=urn:btih:" + r.path("infoHash")))
                .body("torrentUrl", equalTo("http://localhost:8080/torrents/" + r.path("infoHash") + ".torrent"))
                .body("seeding.started", equalTo(false));

        Metainfo m = MetainfoParser.strict().parse(torrentBytes(r.path("infoHash")));
        assertThat(m.infoHashV1().orElseThrow().hex()).isEqualTo(r.path("infoHash"));
        assertThat(m.announce()).hasValue("http://tracker.example:6969/announce");
        assertThat(m.creationDate()).isEmpty();
        byte[] content = Files.readAllBytes(file);
        byte[] first = MessageDigest.getInstance("SHA-1").digest(Arrays.copyOf(content, 16384));
        assertThat(m.pieceHash(0)).isEqualTo(first);
    }

    @Test
    void creatingTheSameTorrentAgainAnswers200WithTheExistingOne() {
        ContentFixture.file("again/a.bin", 5000, 2);
        String body = "{\"path\": \"again/a.bin\"}";
        String id = given().contentType("application/json")
                .body(body)
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().contentType("application/json")
                .body(body)
                .post("/api/torrents")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
    }

    @Test
    void aDirectoryBecomesAMultiFileTorrentInByteOrderWithExcludesAndHiddenFilesLeftOut() {
        ContentFixture.file("multi/b.bin", 20_000, 3);
        ContentFixture.file("multi/a dir/é.txt", 10, 4);
        ContentFixture.file("multi/a dir/Z.txt", 0, 5);
        ContentFixture.file("multi/CVS/entries", 10, 6);
        ContentFixture.file("multi/core", 10, 7);
        ContentFixture.file("multi/.hidden", 10, 8);
        ContentFixture.file("multi/skip.tmp", 10, 9);
        given().contentType("application/json")
                .body("{\"path\": \"multi\", \"exclude\": [\"*.tmp\"]}")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .body("name", equalTo("multi"))
                .body("files.path", org.hamcrest.Matchers.contains("a dir/Z.txt", "a dir/é.txt", "b.bin"))
                .body("totalSize", equalTo(20_010));
    }

    @Test
    void hybridTorrentsCarryBothHashesAndPadFilesOutOfTheFileList() throws Exception {
        ContentFixture.file("hybrid/one.bin", 40_000, 10);
        ContentFixture.file("hybrid/two.bin", 70_000, 11);
        Response r = given().contentType("application/json")
                .body("{\"path\": \"hybrid\", \"version\": \"hybrid\", \"pieceLength\": 32768}")
                .post("/api/torrents");
        r.then()
                .statusCode(201)
                .body("infoHash", notNullValue())
                .body("infoHashV2", notNullValue())
                .body("version", equalTo("hybrid"))
                .body("files.path", org.hamcrest.Matchers.contains("one.bin", "two.bin"))
                .body("magnet", containsString("urn:btmh:1220" + r.path("infoHashV2")));
        Metainfo m = MetainfoParser.strict().parse(torrentBytes(r.path("infoHash")));
        assertThat(m.totalSize()).isEqualTo(65_536 + 70_000);
        assertThat(m.hasAllPieceLayers()).isTrue();
    }

    @Test
    void aV2OnlyTorrentIsKnownByItsV2Hash() throws Exception {
        byte[] block = Arrays.copyOf(Files.readAllBytes(ContentFixture.file("v2only/x.bin", 16384, 12)), 16384);
        Response r = given().contentType("application/json")
                .body("{\"path\": \"v2only/x.bin\", \"version\": \"v2\"}")
                .post("/api/torrents");
        r.then().statusCode(201).body("infoHash", nullValue()).body("id", equalTo(r.path("infoHashV2")));
        Metainfo m = MetainfoParser.strict().parse(torrentBytes(r.path("id")));
        assertThat(m.files().get(0).piecesRoot()).isEqualTo(MerkleTree.sha256().digest(block));
    }

    @Test
    void optionsReachTheTorrent() throws Exception {
        ContentFixture.file("options/o.bin", 1000, 13);
        String id = given().contentType("application/json")
                .body("""
                {"path": "options/o.bin", "name": "renamed.bin",
                 "announce": [["http://a.example/announce", "http://b.example/announce"], ["udp://c.example:6969/announce"]],
                 "webSeeds": ["http://seed.example/o.bin"], "httpSeeds": ["http://hs.example/seed"],
                 "private": true, "source": "BQ", "comment": "hello", "createdBy": "test", "creationDate": 1700000000}
                """)
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .body("name", equalTo("renamed.bin"))
                .extract()
                .path("id");
        Metainfo m = MetainfoParser.strict().parse(torrentBytes(id));
        assertThat(m.announceTiers())
                .containsExactly(
                        java.util.List.of("http://a.example/announce", "http://b.example/announce"),
                        java.util.List.of("udp://c.example:6969/announce"));
        assertThat(m.webSeeds()).containsExactly("http://seed.example/o.bin");
        assertThat(m.httpSeeds()).containsExactly("http://hs.example/seed");
        assertThat(m.isPrivate()).isTrue();
        assertThat(m.source()).hasValue("BQ");
        assertThat(m.comment()).hasValue("hello");
        assertThat(m.createdBy()).hasValue("test");
        assertThat(m.creationDateSeconds().getAsLong()).isEqualTo(1_700_000_000L);
    }

    @Test
    void hostedTorrentsAreListedFetchedAndDeleted() {
        ContentFixture.file("hosted/h.bin", 3000, 14);
        String id = given().contentType("application/json")
                .body("{\"path\": \"hosted/h.bin\"}")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().get("/api/torrents?limit=500")
                .then()
                .statusCode(200)
                .body("torrents.id", org.hamcrest.Matchers.hasItem(id));
        given().get("/api/torrents/" + id).then().statusCode(200).body("name", equalTo("h.bin"));
        given().delete("/api/torrents/" + id).then().statusCode(204);
        given().get("/api/torrents/" + id).then().statusCode(404).contentType("application/problem+json");
        given().get("/torrents/" + id + ".torrent").then().statusCode(404);
        assertThat(Files.exists(ContentFixture.ROOT.resolve("hosted/h.bin"))).isTrue();
    }

    @Test
    void anExistingTorrentCanBeHosted() {
        ContentFixture.file("rehost/r.bin", 3000, 15);
        String id = given().contentType("application/json")
                .body("{\"path\": \"rehost/r.bin\", \"comment\": \"x\"}")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        byte[] bytes = torrentBytes(id);
        given().delete("/api/torrents/" + id).then().statusCode(204);
        given().contentType("application/x-bittorrent")
                .body(bytes)
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .body("id", equalTo(id));
        assertThat(torrentBytes(id)).isEqualTo(bytes);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}

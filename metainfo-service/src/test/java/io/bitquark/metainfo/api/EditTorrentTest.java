package io.bitquark.metainfo.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.bitquark.protocol.metainfo.TorrentFile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /api/edit}: every operation, what it keeps and what it changes. */
@QuarkusTest
@io.quarkus.test.common.WithTestResource(FreshDirectories.class)
class EditTorrentTest {

    static final String TRACKER = "http://tracker.example/announce";

    /** A v1 torrent with a comment, two tiers and unknown keys at the top level and inside info. */
    static byte[] v1Torrent() throws Exception {
        return MetainfoBuilder.v1("data.bin", 16384)
                .singleFile(1000)
                .pieces(new byte[20])
                .announceTiers(List.of(List.of(TRACKER), List.of("udp://backup.example:6969/announce")))
                .comment("original")
                .extension("x-top", BString.of("kept"))
                .infoExtension("x-info", BString.of("kept too"))
                .build()
                .encode();
    }

    /**
     * A v1 torrent whose info dictionary is not canonical bencode (keys out of order): an edit that re-encoded
     * it would change its info-hash.
     */
    static byte[] nonCanonicalTorrent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("d7:comment3:old4:infod6:lengthi1000e4:name8:data.bin12:piece lengthi16384e6:pieces20:")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[20]);
        out.writeBytes("1:zi1e1:ai2eee".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static RequestSpecification request(byte[] torrent, String operations) {
        return given().multiPart("torrent", "in.torrent", torrent, "application/x-bittorrent")
                .multiPart(new MultiPartSpecBuilder(operations)
                        .controlName("operations")
                        .mimeType("text/plain")
                        .charset(StandardCharsets.UTF_8)
                        .build());
    }

    static Response edit(byte[] torrent, String operations) {
        Response r = request(torrent, operations).post("/api/edit");
        r.then().statusCode(200).contentType("application/x-bittorrent");
        return r;
    }

    /** The edited torrent, parsed, after checking that the hash headers name its hashes. */
    static Metainfo parsed(Response r) throws Exception {
        Metainfo m = MetainfoParser.lenient().parse(r.asByteArray());
        assertThat(r.header("X-Info-Hash"))
                .isEqualTo(m.infoHashV1().map(InfoHash::hex).orElse(null));
        assertThat(r.header("X-Info-Hash-V2"))
                .isEqualTo(m.infoHashV2().map(InfoHash::hex).orElse(null));
        return m;
    }

    @Test
    void setAnnounceKeepsTheInfoBytesAndEveryUnknownKey() throws Exception {
        byte[] original = v1Torrent();
        Metainfo before = MetainfoParser.strict().parse(original);
        Response r = edit(original, "[{\"op\": \"set-announce\", \"url\": \"http://new.example/announce\"}]");
        r.then()
                .header("Content-Disposition", containsString("data.bin.torrent"))
                .header("X-Info-Hash-V2", nullValue());
        Metainfo after = parsed(r);
        assertThat(after.announce()).hasValue("http://new.example/announce");
        assertThat(after.infoBytes()).isEqualTo(before.infoBytes());
        assertThat(r.header("X-Info-Hash"))
                .isEqualTo(before.infoHashV1().orElseThrow().hex());
        assertThat(after.root().getText("x-top")).isEqualTo("kept");
        assertThat(after.info().getText("x-info")).isEqualTo("kept too");
        assertThat(after.comment()).hasValue("original");
    }

    @Test
    void editsOutsideInfoKeepANonCanonicalInfoDictionaryByteForByte() throws Exception {
        byte[] original = nonCanonicalTorrent();
        Metainfo before = MetainfoParser.lenient().parse(original);
        Metainfo after = parsed(edit(original, """
                [{"op": "set-comment", "comment": "new"}, {"op": "set-announce", "url": "http://t.example/a"},
                 {"op": "set-web-seeds", "urls": ["http://seed.example/data.bin"]}]
                """));
        assertThat(after.infoBytes()).isEqualTo(before.infoBytes());
        assertThat(after.infoHashV1()).isEqualTo(before.infoHashV1());
        assertThat(after.comment()).hasValue("new");
        assertThat(after.webSeeds()).containsExactly("http://seed.example/data.bin");
    }

    @Test
    void announceAndAnnounceListAreSetAndClearedSeparately() throws Exception {
        byte[] original = v1Torrent();
        Metainfo tiers = parsed(edit(original, """
                [{"op": "set-announce-list", "tiers": [["http://a.example/announce", "http://b.example/announce"], ["udp://c.example:1/announce"]]}]
                """));
        assertThat(tiers.announceTiers())
                .containsExactly(
                        List.of("http://a.example/announce", "http://b.example/announce"),
                        List.of("udp://c.example:1/announce"));
        assertThat(tiers.announce()).hasValue(TRACKER);

        Metainfo noList = parsed(edit(original, "[{\"op\": \"clear-announce-list\"}]"));
        assertThat(noList.root().containsKey("announce-list")).isFalse();
        assertThat(noList.announceTiers()).containsExactly(List.of(TRACKER));

        Metainfo none = parsed(edit(original, "[{\"op\": \"clear-announce\"}, {\"op\": \"clear-announce-list\"}]"));
        assertThat(none.announceTiers()).isEmpty();
        assertThat(none.root().containsKey("announce")).isFalse();
        assertThat(none.infoBytes())
                .isEqualTo(MetainfoParser.strict().parse(original).infoBytes());
    }

    @Test
    void operationsApplyInOrder() throws Exception {
        Metainfo m = parsed(edit(v1Torrent(), """
                [{"op": "set-comment", "comment": "first"}, {"op": "clear-comment"}, {"op": "set-comment", "comment": "last"}]
                """));
        assertThat(m.comment()).hasValue("last");
    }

    @Test
    void copyAnnounceTakesTheTrackersOfTheSourcePart() throws Exception {
        byte[] source = MetainfoBuilder.v1("other.bin", 16384)
                .singleFile(10)
                .pieces(new byte[20])
                .announceTiers(List.of(List.of("http://only.example/announce")))
                .build()
                .encode();
        Response r = request(v1Torrent(), "[{\"op\": \"copy-announce\"}]")
                .multiPart("source", "source.torrent", source, "application/x-bittorrent")
                .post("/api/edit");
        r.then().statusCode(200);
        Metainfo m = parsed(r);
        assertThat(m.announce()).hasValue("http://only.example/announce");
        assertThat(m.root().containsKey("announce-list"))
                .as("the source has no announce-list, so neither has the copy")
                .isFalse();
        assertThat(m.name()).isEqualTo("data.bin");
    }

    @Test
    void copyAnnounceCanTakeTheTrackersOfAHostedTorrent() throws Exception {
        ContentFixture.file("edit/hosted.bin", 2000, 1);
        String id = given().contentType("application/json")
                .body("""
                {"path": "edit/hosted.bin", "announce": [["http://h1.example/announce"], ["http://h2.example/announce"]]}
                """)
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Metainfo m = parsed(edit(v1Torrent(), "[{\"op\": \"copy-announce\", \"torrentId\": \"" + id + "\"}]"));
        assertThat(m.announceTiers())
                .containsExactly(List.of("http://h1.example/announce"), List.of("http://h2.example/announce"));

        request(v1Torrent(), "[{\"op\": \"copy-announce\", \"torrentId\": \"" + "0".repeat(40) + "\"}]")
                .post("/api/edit")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        request(v1Torrent(), "[{\"op\": \"copy-announce\"}]")
                .post("/api/edit")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("source"));
    }

    @Test
    void webSeedsAndHttpSeedsAreSetAndRemovedWithAnEmptyList() throws Exception {
        byte[] seeded = edit(v1Torrent(), """
                [{"op": "set-web-seeds", "urls": ["http://w1.example/data.bin", "https://w2.example/data.bin"]},
                 {"op": "set-http-seeds", "urls": ["http://hs.example/seed"]}]
                """).asByteArray();
        Metainfo m = MetainfoParser.strict().parse(seeded);
        assertThat(m.webSeeds()).containsExactly("http://w1.example/data.bin", "https://w2.example/data.bin");
        assertThat(m.httpSeeds()).containsExactly("http://hs.example/seed");

        Metainfo cleared = parsed(edit(
                seeded, "[{\"op\": \"set-web-seeds\", \"urls\": []}, {\"op\": \"set-http-seeds\", \"urls\": []}]"));
        assertThat(cleared.root().containsKey("url-list")).isFalse();
        assertThat(cleared.root().containsKey("httpseeds")).isFalse();
    }

    @Test
    void setCommentReplacesAUtf8CommentThatWouldShadowIt() throws Exception {
        byte[] original = MetainfoBuilder.v1("data.bin", 16384)
                .singleFile(1000)
                .pieces(new byte[20])
                .extension("comment.utf-8", BString.of("shadow"))
                .comment("plain")
                .build()
                .encode();
        Metainfo m = parsed(edit(original, "[{\"op\": \"set-comment\", \"comment\": \"nouveau é\"}]"));
        assertThat(m.comment()).hasValue("nouveau é");
        assertThat(m.root().containsKey("comment.utf-8")).isFalse();
        Metainfo none = parsed(edit(original, "[{\"op\": \"clear-comment\"}]"));
        assertThat(none.comment()).isEmpty();
    }

    @Test
    void renameChangesTheInfoHashKeepsUnknownInfoKeysAndParsesStrictly() throws Exception {
        byte[] original = v1Torrent();
        Metainfo before = MetainfoParser.strict().parse(original);
        Response r = edit(original, "[{\"op\": \"rename\", \"name\": \"renamed.bin\"}]");
        r.then().header("Content-Disposition", containsString("renamed.bin.torrent"));
        Metainfo after = parsed(r);
        assertThat(MetainfoParser.strict().parse(r.asByteArray()).name()).isEqualTo("renamed.bin");
        assertThat(after.infoHashV1()).isNotEqualTo(before.infoHashV1());
        assertThat(after.info().getText("x-info")).isEqualTo("kept too");
        assertThat(after.root().getText("x-top")).isEqualTo("kept");
        assertThat(after.pieces().orElseThrow()).isEqualTo(before.pieces().orElseThrow());
        assertThat(after.announceTiers()).isEqualTo(before.announceTiers());
    }

    @Test
    void privateAndSourceLiveInsideInfoAndChangeTheHash() throws Exception {
        byte[] original = v1Torrent();
        String originalHash = MetainfoParser.strict()
                .parse(original)
                .infoHashV1()
                .orElseThrow()
                .hex();
        Response r = edit(original, "[{\"op\": \"set-private\"}, {\"op\": \"set-source\", \"source\": \"BQ\"}]");
        Metainfo m = parsed(r);
        assertThat(m.isPrivate()).isTrue();
        assertThat(m.source()).hasValue("BQ");
        assertThat(r.header("X-Info-Hash")).isNotEqualTo(originalHash);
        MetainfoParser.strict().parse(r.asByteArray());

        Response back = edit(r.asByteArray(), "[{\"op\": \"clear-private\"}, {\"op\": \"clear-source\"}]");
        Metainfo cleared = parsed(back);
        assertThat(cleared.isPrivate()).isFalse();
        assertThat(cleared.source()).isEmpty();
        assertThat(back.header("X-Info-Hash"))
                .as("the original info dictionary was canonical: clearing both restores it")
                .isEqualTo(originalHash);
    }

    @Test
    @Tag("interop") // libtorrent (python3-libtorrent) loads the edited torrent
    void renamingAHybridKeepsBothHashesConsistentAndItsPieceLayers() throws Exception {
        ContentFixture.file("edit/hybrid/a.bin", 40_000, 2);
        ContentFixture.file("edit/hybrid/b.bin", 70_000, 3);
        String id = given().contentType("application/json")
                .body("{\"path\": \"edit/hybrid\", \"version\": \"hybrid\", \"pieceLength\": 16384}")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        byte[] original = CreateTorrentTest.torrentBytes(id);
        Metainfo before = MetainfoParser.strict().parse(original);

        Response r = edit(original, "[{\"op\": \"rename\", \"name\": \"renamed dir\"}]");
        r.then().header("X-Info-Hash", notNullValue()).header("X-Info-Hash-V2", notNullValue());
        Metainfo after = MetainfoParser.strict().parse(r.asByteArray());
        parsed(r);
        assertThat(after.name()).isEqualTo("renamed dir");
        assertThat(after.infoHashV1()).isNotEqualTo(before.infoHashV1());
        assertThat(after.infoHashV2()).isNotEqualTo(before.infoHashV2());
        assertThat(after.hasAllPieceLayers()).isTrue();
        assertThat(after.files()).isEqualTo(before.files());
        assertLibtorrentLoads(r.asByteArray(), after);
    }

    @Test
    @Tag("interop") // libtorrent (python3-libtorrent) loads the edited torrent
    void renamingASingleFileHybridRenamesItsFileTreeEntryToo() throws Exception {
        ContentFixture.file("edit/single-hybrid.bin", 40_000, 4);
        String id = given().contentType("application/json")
                .body("{\"path\": \"edit/single-hybrid.bin\", \"version\": \"hybrid\", \"pieceLength\": 16384}")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Response r = edit(CreateTorrentTest.torrentBytes(id), "[{\"op\": \"rename\", \"name\": \"other.bin\"}]");
        Metainfo after = MetainfoParser.strict().parse(r.asByteArray());
        parsed(r);
        assertThat(after.name()).isEqualTo("other.bin");
        assertThat(after.files()).extracting(TorrentFile::displayPath).containsExactly("other.bin");
        assertThat(after.hasAllPieceLayers()).isTrue();
        assertLibtorrentLoads(r.asByteArray(), after);
    }

    @Test
    @Tag("interop") // libtorrent (python3-libtorrent) loads the edited torrent
    void renamingAV2OnlyTorrentReportsOnlyTheV2Hash() throws Exception {
        ContentFixture.file("edit/v2.bin", 40_000, 5);
        String id = given().contentType("application/json")
                .body("{\"path\": \"edit/v2.bin\", \"version\": \"v2\"}")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Response r = edit(
                CreateTorrentTest.torrentBytes(id),
                "[{\"op\": \"rename\", \"name\": \"v2 renamed.bin\"}, {\"op\": \"set-private\"}]");
        r.then().header("X-Info-Hash", nullValue()).header("X-Info-Hash-V2", notNullValue());
        Metainfo after = MetainfoParser.strict().parse(r.asByteArray());
        parsed(r);
        assertThat(after.files())
                .filteredOn(f -> !f.isPadding())
                .extracting(TorrentFile::displayPath)
                .containsExactly("v2 renamed.bin");
        assertThat(after.isPrivate()).isTrue();
        assertLibtorrentLoads(r.asByteArray(), after);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON            | [{op                                                 | JSON",
                "not a list          | {\"op\": \"clear-comment\"}                          | list",
                "unknown op          | [{\"op\": \"set-colour\"}]                           | set-colour",
                "missing op          | [{\"url\": \"http://a.example/\"}]                   | op",
                "unknown field       | [{\"op\": \"set-comment\", \"comment\": \"x\", \"colour\": 1}] | colour",
                "null operation      | [null]                                               | null",
                "missing url         | [{\"op\": \"set-announce\"}]                         | url",
                "bad url             | [{\"op\": \"set-announce\", \"url\": \"ftp://x\"}]   | URL",
                "empty tier          | [{\"op\": \"set-announce-list\", \"tiers\": [[]]}]   | tier",
                "udp web seed        | [{\"op\": \"set-web-seeds\", \"urls\": [\"udp://x.example:1/\"]}] | http",
                "missing seeds       | [{\"op\": \"set-http-seeds\"}]                       | urls",
                "traversal rename    | [{\"op\": \"rename\", \"name\": \"../x\"}]           | name",
                "slash rename        | [{\"op\": \"rename\", \"name\": \"a/b\"}]            | name",
                "empty source        | [{\"op\": \"set-source\", \"source\": \"\"}]         | source",
            })
    void badOperationsAreA400Problem(String name, String operations, String mentions) throws Exception {
        request(v1Torrent(), operations.trim())
                .post("/api/edit")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString(mentions.trim()));
    }

    @Test
    void aMalformedTorrentIsA422WithTheOffset() {
        request("d4:infod6:lengthi03eee".getBytes(StandardCharsets.US_ASCII), "[]")
                .post("/api/edit")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("offset", equalTo(17));
    }

    @Test
    void missingUnknownRepeatedAndTextTorrentPartsAreRefused() throws Exception {
        given().multiPart("operations", "[]")
                .post("/api/edit")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("'torrent'"));
        given().multiPart("torrent", "in.torrent", v1Torrent(), "application/x-bittorrent")
                .post("/api/edit")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("'operations'"));
        request(v1Torrent(), "[]")
                .multiPart("colour", "red")
                .post("/api/edit")
                .then()
                .statusCode(400)
                .body("detail", containsString("colour"));
        request(v1Torrent(), "[]")
                .multiPart("operations", "[]")
                .post("/api/edit")
                .then()
                .statusCode(400)
                .body("detail", containsString("once"));
        given().multiPart("torrent", "d4:infode")
                .multiPart("operations", "[]")
                .post("/api/edit")
                .then()
                .statusCode(400)
                .body("detail", containsString("as a file"));
        given().contentType("application/x-bittorrent")
                .body(v1Torrent())
                .post("/api/edit")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void operationsMaySpanLinesAndComeAsAJsonFile() throws Exception {
        byte[] ops =
                "[\n  {\"op\": \"set-comment\", \"comment\": \"from a file ✓\"}\n]\n".getBytes(StandardCharsets.UTF_8);
        Response r = given().multiPart("torrent", "in.torrent", v1Torrent(), "application/x-bittorrent")
                .multiPart("operations", "ops.json", ops, "application/json")
                .post("/api/edit");
        r.then().statusCode(200);
        assertThat(parsed(r).comment()).hasValue("from a file ✓");
    }

    @Test
    void noOperationsReturnTheTorrentWithItsInfoBytesUnchanged() throws Exception {
        byte[] original = v1Torrent();
        Response r = edit(original, "[]");
        assertThat(r.asByteArray()).isEqualTo(original);
    }

    /** When python3-libtorrent is installed, libtorrent loads the torrent with the same name and hashes. */
    static void assertLibtorrentLoads(byte[] torrent, Metainfo expected) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Path file = Files.createTempFile("bitquark-edit", ".torrent");
        try {
            Files.write(file, torrent);
            Process p = new ProcessBuilder(
                            python.toString(),
                            "-c",
                            String.join(
                                    "\n",
                                    "import sys",
                                    "try:",
                                    "    import libtorrent as lt",
                                    "except ImportError:",
                                    "    sys.exit(3)",
                                    "ti = lt.torrent_info(sys.argv[1])",
                                    "h = ti.info_hashes()",
                                    "print(str(h.v1) if h.has_v1() else '-')",
                                    "print(str(h.v2) if h.has_v2() else '-')",
                                    "print(ti.name())"),
                            file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Assumptions.assumeTrue(p.exitValue() != 3, "python3-libtorrent is not installed");
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out.strip().split("\n"))
                    .containsExactly(
                            expected.infoHashV1().map(InfoHash::hex).orElse("-"),
                            expected.infoHashV2().map(InfoHash::hex).orElse("-"),
                            expected.name());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

package io.bitquark.metainfo.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /api/verify}: content checked against torrents of each version. The content of each test is
 * its own directory (named apart from every other test class's, see {@link FreshDirectories}): a.bin (40 000 B), b.bin (30 000 B) and c/d.bin (5 000 B), in 16 KiB pieces.
 *
 * <pre>
 * v1      a.bin [0, 40 000)   b.bin [40 000, 70 000)   c/d.bin [70 000, 75 000)   pieces 0..4
 * v2      a.bin pieces 0..2   b.bin pieces 3..4        c/d.bin piece 5            (each file starts a piece)
 * </pre>
 */
@QuarkusTest
@io.quarkus.test.common.WithTestResource(FreshDirectories.class)
class VerifyContentTest {

    /** Writes the three files under {@code dir} and creates a torrent of them; returns its .torrent bytes. */
    static byte[] contentAndTorrent(String dir, String version) {
        ContentFixture.file(dir + "/a.bin", 40_000, 1);
        ContentFixture.file(dir + "/b.bin", 30_000, 2);
        ContentFixture.file(dir + "/c/d.bin", 5_000, 3);
        String id = given().contentType("application/json")
                .body("{\"path\": \"" + dir + "\", \"version\": \"" + version + "\", \"pieceLength\": 16384}")
                .post("/api/torrents")
                .then()
                .statusCode(anyOf(equalTo(200), equalTo(201)))
                .extract()
                .path("id");
        return CreateTorrentTest.torrentBytes(id);
    }

    static ValidatableResponse verify(byte[] torrent, String path) {
        return given().multiPart("torrent", "t.torrent", torrent, "application/x-bittorrent")
                .multiPart("path", path)
                .post("/api/verify")
                .then();
    }

    static void flipByte(String relative, long position) throws IOException {
        try (RandomAccessFile f =
                new RandomAccessFile(ContentFixture.ROOT.resolve(relative).toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x01);
        }
    }

    static Map<String, Object> range(int first, int last) {
        return Map.of("first", first, "last", last);
    }

    @Test
    void intactContentIsOk() {
        byte[] torrent = contentAndTorrent("intact", "v1");
        verify(torrent, "intact")
                .statusCode(200)
                .body("name", equalTo("intact"))
                .body("checkedWith", equalTo("v1"))
                .body("files.path", contains("a.bin", "b.bin", "c/d.bin"))
                .body("files.status", contains("ok", "ok", "ok"))
                .body("files[0].badPieces", nullValue())
                .body("badPieces", empty())
                .body("summary.pieces", equalTo(5))
                .body("summary.goodPieces", equalTo(5))
                .body("summary.badPieces", equalTo(0))
                .body("summary.ok", equalTo(true));
    }

    @Test
    void aFlippedByteMakesExactlyItsPieceBad() throws IOException {
        byte[] torrent = contentAndTorrent("flipped", "v1");
        flipByte("flipped/a.bin", 20_000);
        verify(torrent, "flipped")
                .statusCode(200)
                .body("files.status", contains("corrupt", "ok", "ok"))
                .body("files[0].badPieces", contains(range(1, 1)))
                .body("badPieces", contains(range(1, 1)))
                .body("summary.goodPieces", equalTo(4))
                .body("summary.badPieces", equalTo(1))
                .body("summary.ok", equalTo(false));
    }

    @Test
    void aMissingFileMakesEveryPieceItIsPartOfBad() throws IOException {
        byte[] torrent = contentAndTorrent("missing", "v1");
        Files.delete(ContentFixture.ROOT.resolve("missing/b.bin"));
        verify(torrent, "missing")
                .statusCode(200)
                .body("files.status", contains("corrupt", "missing", "corrupt"))
                .body("files[1].badPieces", contains(range(2, 4)))
                .body("files[0].badPieces", contains(range(2, 2)))
                .body("badPieces", contains(range(2, 4)))
                .body("summary.badPieces", equalTo(3))
                .body("summary.ok", equalTo(false));
    }

    @Test
    void aWrongSizeFileIsReportedWithItsSizeAndNotRead() throws IOException {
        byte[] torrent = contentAndTorrent("resized", "v1");
        Files.write(ContentFixture.ROOT.resolve("resized/c/d.bin"), new byte[] {1, 2, 3});
        verify(torrent, "resized")
                .statusCode(200)
                .body("files.status", contains("ok", "corrupt", "wrong-size"))
                .body("files[2].actualLength", equalTo(3))
                .body("files[2].length", equalTo(5000))
                .body("badPieces", contains(range(4, 4)));
    }

    @Test
    void everyMissingFileMakesEveryPieceBad() throws IOException {
        byte[] torrent = contentAndTorrent("gone", "v1");
        for (String f : List.of("a.bin", "b.bin", "c/d.bin")) {
            Files.delete(ContentFixture.ROOT.resolve("gone/" + f));
        }
        verify(torrent, "gone")
                .statusCode(200)
                .body("files.status", contains("missing", "missing", "missing"))
                .body("badPieces", contains(range(0, 4)))
                .body("summary.goodPieces", equalTo(0));
    }

    @Test
    void theContentMayHaveAnotherNameThanTheTorrent() throws IOException {
        byte[] torrent = contentAndTorrent("original-name", "v1");
        ContentFixture.dir("moved");
        Files.move(
                ContentFixture.ROOT.resolve("original-name"),
                ContentFixture.ROOT.resolve("moved/other-name"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        verify(torrent, "moved/other-name").statusCode(200).body("summary.ok", equalTo(true));
    }

    @Test
    void aSingleFileTorrentIsCheckedAgainstTheFile() throws IOException {
        ContentFixture.file("verify-single/file.bin", 50_000, 4);
        String id = given().contentType("application/json")
                .body("{\"path\": \"verify-single/file.bin\", \"pieceLength\": 16384}")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        byte[] torrent = CreateTorrentTest.torrentBytes(id);
        verify(torrent, "verify-single/file.bin")
                .statusCode(200)
                .body("files.path", contains("file.bin"))
                .body("summary.ok", equalTo(true));
        flipByte("verify-single/file.bin", 49_999);
        verify(torrent, "verify-single/file.bin").statusCode(200).body("badPieces", contains(range(3, 3)));
        verify(torrent, "verify-single")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("single-file"));
    }

    @Test
    void aV2TorrentIsCheckedWithItsPieceLayers() throws IOException {
        byte[] torrent = contentAndTorrent("v2", "v2");
        verify(torrent, "v2")
                .statusCode(200)
                .body("checkedWith", equalTo("v2"))
                .body("infoHash", nullValue())
                .body("summary.pieces", equalTo(6))
                .body("summary.ok", equalTo(true));
        flipByte("v2/a.bin", 20_000);
        flipByte("v2/c/d.bin", 0);
        verify(torrent, "v2")
                .statusCode(200)
                .body("files.status", contains("corrupt", "ok", "corrupt"))
                .body("badPieces", contains(range(1, 1), range(5, 5)))
                .body("summary.goodPieces", equalTo(4));
        Files.delete(ContentFixture.ROOT.resolve("v2/b.bin"));
        verify(torrent, "v2")
                .statusCode(200)
                .body("files.status", contains("corrupt", "missing", "corrupt"))
                .body("badPieces", contains(range(1, 1), range(3, 5)));
    }

    @Test
    void aHybridTorrentIsCheckedWithItsV1PiecesAcrossPadFiles() throws IOException {
        byte[] torrent = contentAndTorrent("verify-hybrid", "hybrid");
        verify(torrent, "verify-hybrid")
                .statusCode(200)
                .body("checkedWith", equalTo("v1"))
                .body("files.path", contains("a.bin", "b.bin", "c/d.bin"))
                .body("summary.pieces", equalTo(6))
                .body("summary.ok", equalTo(true));
        flipByte("verify-hybrid/b.bin", 29_999);
        verify(torrent, "verify-hybrid")
                .statusCode(200)
                .body("badPieces", contains(range(4, 4)))
                .body("files.status", contains("ok", "corrupt", "ok"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "parent traversal   | ../outside       | 400",
                "nonexistent        | no/such/dir      | 404",
            })
    void aPathOutsideTheContentRootIsRefused(String name, String path, int status) {
        byte[] torrent = contentAndTorrent("refused", "v1");
        verify(torrent, path.trim())
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status));
    }

    @Test
    void aTorrentWithAnUnsafePathIsRefused() {
        ContentFixture.file("unsafe/x", 10, 5);
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        t.writeBytes("d4:infod5:filesld6:lengthi10e4:pathl2:..1:xeee4:name6:unsafe12:piece lengthi16384e6:pieces20:"
                .getBytes(StandardCharsets.US_ASCII));
        t.writeBytes(new byte[20]);
        t.writeBytes("ee".getBytes(StandardCharsets.US_ASCII));
        verify(t.toByteArray(), "unsafe")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("unsafe"));
    }

    @Test
    void aSymlinkLeadingOutOfTheContentRootIsRefused() throws IOException {
        byte[] torrent = contentAndTorrent("linked", "v1");
        Path outside = Files.createTempFile("bitquark-verify-outside", ".bin");
        Files.write(outside, new byte[30_000]);
        Path b = ContentFixture.ROOT.resolve("linked/b.bin");
        Files.delete(b);
        Files.createSymbolicLink(b, outside);
        verify(torrent, "linked")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("outside"));
        ContentFixture.dir("elsewhere");
        Files.move(ContentFixture.ROOT.resolve("linked"), ContentFixture.ROOT.resolve("elsewhere/renamed"));
        verify(torrent, "elsewhere/renamed")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("outside the content root"));
    }

    @Test
    void missingAndMalformedPartsAreProblems() {
        byte[] torrent = contentAndTorrent("parts", "v1");
        given().multiPart("path", "parts")
                .post("/api/verify")
                .then()
                .statusCode(400)
                .body("detail", containsString("'torrent'"));
        given().multiPart("torrent", "t.torrent", torrent, "application/x-bittorrent")
                .post("/api/verify")
                .then()
                .statusCode(400)
                .body("detail", containsString("'path'"));
        given().multiPart(
                        "torrent",
                        "t.torrent",
                        "d4:infod6:lengthi03eee".getBytes(StandardCharsets.US_ASCII),
                        "application/x-bittorrent")
                .multiPart("path", "parts")
                .post("/api/verify")
                .then()
                .statusCode(422)
                .body("offset", equalTo(17));
        assertThat(torrent).isNotEmpty();
    }
}

package io.bitquark.metainfo.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploaded content becomes a torrent: streamed to the content root, bounded, and never outside it. */
@QuarkusTest
@io.quarkus.test.common.WithTestResource(FreshDirectories.class)
@TestProfile(UploadTest.SmallUploads.class)
class UploadTest {

    static final int MAX_UPLOAD = 1024 * 1024;
    static final String TOKEN = "upload-test-token";

    /** A 1 MiB upload limit and an admin token. */
    public static class SmallUploads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bitquark.metainfo.max-upload-size",
                    String.valueOf(MAX_UPLOAD),
                    "bitquark.metainfo.admin-token",
                    TOKEN);
        }
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static Metainfo torrent(String id) throws Exception {
        return MetainfoParser.strict()
                .parse(given().get("/torrents/" + id + ".torrent")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
    }

    /** The v1 pieces string of {@code content} with pieces of {@code pieceLength}. */
    static byte[] sha1Pieces(byte[] content, int pieceLength) throws Exception {
        byte[] pieces = new byte[((content.length + pieceLength - 1) / pieceLength) * 20];
        for (int p = 0; p * pieceLength < content.length; p++) {
            byte[] piece =
                    Arrays.copyOfRange(content, p * pieceLength, Math.min(content.length, (p + 1) * pieceLength));
            System.arraycopy(MessageDigest.getInstance("SHA-1").digest(piece), 0, pieces, p * 20, 20);
        }
        return pieces;
    }

    static byte[] allPieces(Metainfo m) {
        byte[] pieces = new byte[m.pieceCount() * 20];
        for (int p = 0; p < m.pieceCount(); p++) {
            System.arraycopy(m.pieceHash(p), 0, pieces, p * 20, 20);
        }
        return pieces;
    }

    /** Everything under the content root's uploads directory. */
    static List<Path> uploaded() throws IOException {
        Path uploads = ContentFixture.ROOT.resolve("uploads");
        if (!Files.exists(uploads)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(uploads)) {
            return paths.filter(p -> !p.equals(uploads)).toList();
        }
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void aSingleFileUploadBecomesATorrentWhosePiecesAreTheSha1OfTheUploadedBytes() throws Exception {
        byte[] content = random(100_000, 1);
        Response r = admin().contentType("application/octet-stream")
                .body(content)
                .post("/api/torrents/upload?name=data.bin&announce=http://tracker.example/announce");
        r.then()
                .statusCode(201)
                .header("Location", endsWith("/api/torrents/" + r.path("id")))
                .body("name", equalTo("data.bin"))
                .body("totalSize", equalTo(100_000))
                .body("pieceLength", equalTo(16384))
                .body("files.path", contains("data.bin"));
        Metainfo m = torrent(r.path("id"));
        assertThat(allPieces(m)).isEqualTo(sha1Pieces(content, 16384));
        assertThat(m.announce()).hasValue("http://tracker.example/announce");

        List<Path> files = uploaded().stream()
                .filter(p -> p.getFileName().toString().equals("data.bin"))
                .toList();
        assertThat(files).hasSize(1);
        assertThat(ContentFixture.ROOT.relativize(files.get(0)).toString())
                .matches("uploads/[0-9]{8}-[0-9]{6}-[0-9a-f]{16}/data.bin");
        assertThat(Files.readAllBytes(files.get(0))).isEqualTo(content);

        String path = ContentFixture.ROOT.relativize(files.get(0)).toString();
        admin().contentType("application/json")
                .body("{\"path\": \"" + path + "\", \"announce\": \"http://tracker.example/announce\"}")
                .post("/api/torrents")
                .then()
                .statusCode(200)
                .body("id", equalTo(r.path("id")));
    }

    /**
     * A client that sends {@code Expect: 100-continue} and waits for the interim response before its body,
     * then sends the body in a thousand small writes: many more chunks than the read-ahead window.
     */
    @Test
    void aClientExpecting100ContinueGetsItAndItsBodyInSmallWritesIsStoredWhole() throws Exception {
        byte[] content = random(MAX_UPLOAD, 21);
        String response;
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /api/torrents/upload?name=continued.bin HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/octet-stream\r\n"
                            + "Content-Length: " + content.length
                            + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(headLine(in)).startsWith("HTTP/1.1 100");
            assertThat(headLine(in)).isEmpty();
            for (int at = 0; at < content.length; at += 1024) {
                out.write(content, at, Math.min(1024, content.length - at));
                out.flush();
            }
            response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(response).startsWith("HTTP/1.1 201");
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]{40})\"").matcher(response);
        assertThat(id.find()).as(response).isTrue();
        Metainfo m = torrent(id.group(1));
        assertThat(allPieces(m)).isEqualTo(sha1Pieces(content, (int) m.pieceLength()));
    }

    /** One line of a response head, without its CRLF. */
    static String headLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed in the response head: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Test
    void aBodyWithoutContentLengthIsHashedOnceStoredToTheSameTorrent() throws Exception {
        byte[] content = random(70_000, 2);
        String streamed = admin().contentType("application/octet-stream")
                .body(content)
                .post("/api/torrents/upload?name=same.bin&comment=streamed")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        admin().delete("/api/torrents/" + streamed + "?deleteContent=true")
                .then()
                .statusCode(204);
        String chunked = admin().contentType("application/octet-stream")
                .body(new ByteArrayInputStream(content))
                .post("/api/torrents/upload?name=same.bin&comment=streamed")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(chunked).isEqualTo(streamed);
        assertThat(allPieces(torrent(chunked))).isEqualTo(sha1Pieces(content, 16384));
    }

    @Test
    void aMultipartUploadBecomesAMultiFileTorrentInTorrentOrderWithItsOptions() throws Exception {
        byte[] b = random(40_000, 3);
        byte[] a = random(30_000, 4);
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        byte[] body = new MultipartBody()
                .file("b.bin", b)
                .file("dir/é.txt", e)
                .file("dir/a.bin", a)
                .file("empty", new byte[0])
                .build();
        Response r = admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(body)
                .post("/api/torrents/upload?name=bundle&pieceLength=32768"
                        + "&announce=http://a.example/announce&announce=udp://b.example:6969/announce"
                        + "&webSeed=http://seed.example/&httpSeed=http://hs.example/seed&private=true&comment=hi"
                        + "&source=BQ&createdBy=tests&creationDate=1700000000");
        r.then()
                .statusCode(201)
                .body("name", equalTo("bundle"))
                .body("files.path", contains("b.bin", "dir/a.bin", "dir/é.txt", "empty"))
                .body("totalSize", equalTo(70_000 + e.length));
        Metainfo m = torrent(r.path("id"));
        assertThat(allPieces(m)).isEqualTo(sha1Pieces(concat(b, a, e), 32768));
        assertThat(m.announceTiers())
                .containsExactly(List.of("http://a.example/announce"), List.of("udp://b.example:6969/announce"));
        assertThat(m.webSeeds()).containsExactly("http://seed.example/");
        assertThat(m.httpSeeds()).containsExactly("http://hs.example/seed");
        assertThat(m.isPrivate()).isTrue();
        assertThat(m.comment()).hasValue("hi");
        assertThat(m.source()).hasValue("BQ");
        assertThat(m.createdBy()).hasValue("tests");
        assertThat(m.creationDateSeconds().getAsLong()).isEqualTo(1_700_000_000L);

        Path dir = uploaded().stream()
                .filter(p -> p.getFileName().toString().equals("bundle"))
                .findFirst()
                .orElseThrow();
        assertThat(Files.readAllBytes(dir.resolve("dir/a.bin"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("dir/é.txt"))).isEqualTo(e);
        assertThat(Files.size(dir.resolve("empty"))).isZero();
        admin().contentType("application/json")
                .body(
                        "{\"path\": \"" + ContentFixture.ROOT.relativize(dir)
                                + "\", \"includeHidden\": true, \"pieceLength\": 32768, "
                                + "\"announce\": [\"http://a.example/announce\", \"udp://b.example:6969/announce\"], "
                                + "\"webSeeds\": [\"http://seed.example/\"], \"httpSeeds\": [\"http://hs.example/seed\"], \"private\": true, "
                                + "\"comment\": \"hi\", \"source\": \"BQ\", \"createdBy\": \"tests\", \"creationDate\": 1700000000}")
                .post("/api/torrents")
                .then()
                .statusCode(200)
                .body("id", equalTo(r.path("id")));
    }

    @Test
    void partsInTorrentOrderWithAKnownPieceLengthHashAsTheyArriveToTheSameTorrent() throws Exception {
        byte[] one = random(20_000, 5);
        byte[] two = random(50_000, 6);
        byte[] inOrder =
                new MultipartBody().file("1.bin", one).file("2.bin", two).build();
        byte[] reversed =
                new MultipartBody().file("2.bin", two).file("1.bin", one).build();
        String first = admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(inOrder)
                .post("/api/torrents/upload?name=ordered&pieceLength=16384")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(allPieces(torrent(first))).isEqualTo(sha1Pieces(concat(one, two), 16384));
        admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(reversed)
                .post("/api/torrents/upload?name=ordered&pieceLength=16384")
                .then()
                .statusCode(200)
                .body("id", equalTo(first));
    }

    @Test
    void hybridUploadsAreHashedOnceStored() {
        byte[] body = new MultipartBody()
                .file("x.bin", random(40_000, 7))
                .file("y.bin", random(20_000, 8))
                .build();
        admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(body)
                .post("/api/torrents/upload?name=hy&version=hybrid")
                .then()
                .statusCode(201)
                .body("version", equalTo("hybrid"))
                .body("infoHashV2", notNullValue());
    }

    @Test
    void anUploadAlreadyHostedAnswers200AndKeepsOnlyTheFirstCopy() throws Exception {
        byte[] content = random(5000, 9);
        String id = admin().contentType("application/octet-stream")
                .body(content)
                .post("/api/torrents/upload?name=twice.bin")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        long before = uploaded().stream()
                .filter(p -> p.getFileName().toString().equals("twice.bin"))
                .count();
        admin().contentType("application/octet-stream")
                .body(content)
                .post("/api/torrents/upload?name=twice.bin")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        assertThat(uploaded().stream()
                        .filter(p -> p.getFileName().toString().equals("twice.bin"))
                        .count())
                .isEqualTo(before)
                .isEqualTo(1);
    }

    @Test
    void deletingWithDeleteContentRemovesTheUpload() throws Exception {
        String id = admin().contentType("application/octet-stream")
                .body(random(3000, 10))
                .post("/api/torrents/upload?name=gone.bin")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(uploaded()).anyMatch(p -> p.getFileName().toString().equals("gone.bin"));
        admin().delete("/api/torrents/" + id + "?deleteContent=true").then().statusCode(204);
        assertThat(uploaded()).noneMatch(p -> p.getFileName().toString().equals("gone.bin"));
    }

    @Test
    void anUploadOverTheLimitIsA413AndLeavesNothingBehind() throws Exception {
        List<Path> before = uploaded();
        byte[] tooBig = random(MAX_UPLOAD + 1, 11);
        admin().contentType("application/octet-stream")
                .body(tooBig)
                .post("/api/torrents/upload?name=big.bin")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("max-upload-size"));
        admin().contentType("application/octet-stream")
                .body(new ByteArrayInputStream(tooBig))
                .post("/api/torrents/upload?name=big.bin")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        byte[] multipart = new MultipartBody()
                .file("a.bin", random(MAX_UPLOAD / 2, 12))
                .file("b.bin", random(MAX_UPLOAD / 2 + 1, 13))
                .build();
        admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(multipart)
                .post("/api/torrents/upload?name=big")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        assertThat(uploaded()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void anUploadOfExactlyTheLimitIsAccepted() {
        admin().contentType("application/octet-stream")
                .body(random(MAX_UPLOAD, 14))
                .post("/api/torrents/upload?name=max.bin")
                .then()
                .statusCode(201)
                .body("totalSize", equalTo(MAX_UPLOAD));
    }

    @ParameterizedTest(name = "name={0}")
    @ValueSource(strings = {"..", ".", "a%2Fb", "a%5Cb", "%00x", ""})
    void unsafeNamesAreRefusedBeforeAnythingIsWritten(String name) throws Exception {
        List<Path> before = uploaded();
        admin().urlEncodingEnabled(false)
                .contentType("application/octet-stream")
                .body(random(100, 15))
                .post("/api/torrents/upload?name=" + name)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("name"));
        assertThat(uploaded()).containsExactlyInAnyOrderElementsOf(before);
    }

    @ParameterizedTest(name = "filename={0}")
    @ValueSource(
            strings = {
                "../escape.txt",
                "dir/../../escape.txt",
                "/etc/escape.txt",
                "a//b.txt",
                "a\\\\b.txt",
                "dir/",
                "C:evil.txt",
                ""
            })
    void unsafePartPathsAreRefusedAndLeaveNothingBehind(String filename) throws Exception {
        List<Path> before = uploaded();
        byte[] body = new MultipartBody()
                .file("fine.txt", random(10, 16))
                .file(filename, random(10, 17))
                .build();
        admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(body)
                .post("/api/torrents/upload?name=unsafe")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("part 2"));
        assertThat(uploaded()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(ContentFixture.ROOT.resolve("escape.txt")).doesNotExist();
        assertThat(ContentFixture.ROOT.getParent().resolve("escape.txt")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a.txt    | a.txt",
                "d        | d/x.txt",
                "d/x.txt  | d",
            })
    void conflictingPartPathsAreRefused(String first, String second) throws Exception {
        List<Path> before = uploaded();
        byte[] body = new MultipartBody()
                .file(first.trim(), random(10, 18))
                .file(second.trim(), random(10, 19))
                .build();
        admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(body)
                .post("/api/torrents/upload?name=conflict")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("conflict"));
        assertThat(uploaded()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void anRfc8187FilenameWinsOverThePlainOne() {
        byte[] body = new MultipartBody()
                .part(
                        "Content-Disposition: form-data; name=\"f\"; filename=\"fallback.txt\"; filename*=UTF-8''d%C3%A9j%C3%A0/vu.txt\r\n",
                        random(10, 20))
                .build();
        admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(body)
                .post("/api/torrents/upload?name=ext")
                .then()
                .statusCode(201)
                .body("files.path", contains("déjà/vu.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bad piece length | pieceLength=1000                  | pieceLength",
                "not a number     | pieceLength=big                   | pieceLength",
                "bad version      | version=v3                        | version",
                "bad announce     | announce=ftp://x                  | URL",
                "bad web seed     | webSeed=udp://x.example/          | webSeed",
                "bad date         | creationDate=soon                 | creationDate",
                "bad flag         | private=maybe                     | private",
                "misspelt option  | webseed=http://x.example/         | webseed",
                "twice            | comment=a&comment=b               | once",
            })
    void badOptionsAreRefusedBeforeTheBodyIsStored(String what, String query, String mentions) throws Exception {
        List<Path> before = uploaded();
        admin().contentType("application/octet-stream")
                .body(random(100, 21))
                .post("/api/torrents/upload?name=x.bin&" + query.trim())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(mentions.trim()));
        assertThat(uploaded()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void malformedMultipartBodiesAreRefused() throws Exception {
        List<Path> before = uploaded();
        admin().contentType("multipart/form-data")
                .body("x".getBytes())
                .post("/api/torrents/upload?name=m")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("boundary"));
        admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(("--" + MultipartBody.BOUNDARY + "\r\nContent-Disposition: form-data; "
                                + "name=\"f\"; filename=\"a.txt\"\r\n\r\nno closing boundary")
                        .getBytes())
                .post("/api/torrents/upload?name=m")
                .then()
                .statusCode(400)
                .body("detail", containsString("closing boundary"));
        admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(new MultipartBody()
                        .part("Content-Disposition: form-data; name=\"comment\"\r\n", "hi".getBytes())
                        .build())
                .post("/api/torrents/upload?name=m")
                .then()
                .statusCode(400)
                .body("detail", containsString("filename"));
        admin().contentType(MultipartBody.CONTENT_TYPE)
                .body(new MultipartBody().build())
                .post("/api/torrents/upload?name=m")
                .then()
                .statusCode(400)
                .body("detail", containsString("no file"));
        admin().contentType("application/octet-stream")
                .body(new byte[0])
                .post("/api/torrents/upload?name=m")
                .then()
                .statusCode(400)
                .body("detail", containsString("empty"));
        assertThat(uploaded()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void uploadsNeedTheAdminToken() throws Exception {
        List<Path> before = uploaded();
        given().contentType("application/octet-stream")
                .body(random(100, 22))
                .post("/api/torrents/upload?name=x.bin")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong")
                .contentType(MultipartBody.CONTENT_TYPE)
                .body(new MultipartBody().file("a", random(10, 23)).build())
                .post("/api/torrents/upload?name=x")
                .then()
                .statusCode(401);
        assertThat(uploaded()).containsExactlyInAnyOrderElementsOf(before);
    }
}

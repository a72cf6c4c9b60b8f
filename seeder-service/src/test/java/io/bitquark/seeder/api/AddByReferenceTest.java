package io.bitquark.seeder.api;

import static io.bitquark.seeder.api.Api.BITTORRENT;
import static io.bitquark.seeder.api.Api.PROBLEM;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.testsupport.FreePorts;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/torrents} with JSON: the .torrent fetched from its {@code metainfoUrl}, or by info-hash
 * or magnet link from metainfo-service (here a real HTTP server on a free port, {@link TorrentFileServer}).
 * This application accepts .torrent files of at most 64 KiB.
 */
@QuarkusTest
@WithTestResource(
        value = SeederTestResource.class,
        initArgs = @ResourceArg(name = "bitquark.seeder.max-torrent-size", value = "65536"))
class AddByReferenceTest {

    @AfterEach
    void removeAll() {
        Api.removeAll();
    }

    private static ValidatableResponse addJson(String json) {
        return given().contentType("application/json")
                .body(json)
                .post("/api/torrents")
                .then();
    }

    private static void assertNothingPersisted() throws IOException {
        assertThat(Api.ids()).isEmpty();
        try (Stream<Path> files = Files.list(Fixtures.stateDir())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMetainfoUrlIsFetchedAndItsTorrentSeededFromTheGivenDataPath() {
        String url = Fixtures.serve("files/the-book.torrent", Fixtures.torrent(Fixtures.ALICE));
        Fixtures.copyContent("alice.txt", "fetched/alice.txt");
        addJson("{\"metainfoUrl\": \"" + url + "\", \"dataPath\": \"fetched/alice.txt\"}")
                .statusCode(201)
                .header("Location", endsWith("/api/torrents/" + Fixtures.ALICE_V1))
                .body("id", equalTo(Fixtures.ALICE_V1))
                .body("state", equalTo("checking"))
                .body("dataPath", equalTo("fetched/alice.txt"));
        assertThat(Api.awaitChecked(Fixtures.ALICE_V1).getString("state")).isEqualTo("seeding");
        assertThat(Fixtures.read(Fixtures.stateDir().resolve(Fixtures.ALICE_V1 + ".torrent")))
                .isEqualTo(Fixtures.torrent(Fixtures.ALICE));
    }

    @Test
    void aMetainfoUrlWithAQueryIsFetchedAsGiven() {
        Fixtures.serve("torrents/" + Fixtures.ALICE_V1 + ".torrent", Fixtures.torrent(Fixtures.ALICE));
        String url = Fixtures.metainfoServerUrl() + "/torrents/" + Fixtures.ALICE_V1 + ".torrent?download=1";
        addJson("{\"metainfoUrl\": \"" + url + "\"}").statusCode(201).body("id", equalTo(Fixtures.ALICE_V1));
    }

    @Test
    void anInfoHashIsFetchedFromMetainfoService() {
        Fixtures.serve("torrents/" + Fixtures.ALICE_V1 + ".torrent", Fixtures.torrent(Fixtures.ALICE));
        addJson("{\"infoHash\": \"" + Fixtures.ALICE_V1.toUpperCase() + "\"}")
                .statusCode(201)
                .body("id", equalTo(Fixtures.ALICE_V1))
                .body("dataPath", equalTo("alice.txt"));
        assertThat(Api.awaitChecked(Fixtures.ALICE_V1).getString("state")).isEqualTo("seeding");
    }

    @Test
    void aV2InfoHashIsFetchedFromMetainfoService() {
        Metainfo hybrid = Fixtures.hybrid("hybrid-by-v2", 11);
        String v2 = hybrid.infoHashV2().orElseThrow().hex();
        Fixtures.serve("torrents/" + v2 + ".torrent", hybrid.encode());
        addJson("{\"infoHash\": \"" + v2 + "\"}")
                .statusCode(201)
                .body("infoHashV2", equalTo(v2))
                .body("id", equalTo(hybrid.infoHashV1().orElseThrow().hex()));
        assertThat(Api.awaitChecked(v2).getString("state")).isEqualTo("seeding");
    }

    @Test
    void aMagnetLinkIsFetchedFromMetainfoServiceByItsInfoHash() {
        byte[] folder = Fixtures.torrent(Fixtures.FOLDER);
        String hash = Fixtures.parse(folder).infoHashV1().orElseThrow().hex();
        Fixtures.serve("torrents/" + hash + ".torrent", folder);
        addJson("{\"magnet\": \"magnet:?xt=urn:btih:" + hash
                        + "&dn=folder&tr=udp%3A%2F%2Ftracker.example%3A80\", \"download\": false}")
                .statusCode(201)
                .body("id", equalTo(hash))
                .body("name", equalTo("folder"));
        assertThat(Api.awaitChecked(hash).getString("state")).isEqualTo("seeding");
    }

    @Test
    void aMagnetLinkMetainfoServiceDoesNotKnowWaitsInStateMetadataForItsPeersAndCanBeRemoved() {
        String unknown = "00112233445566778899aabbccddeeff00112233";
        addJson("{\"magnet\": \"magnet:?xt=urn:btih:" + unknown + "&dn=nobody%20has%20it\", \"download\": true}")
                .statusCode(201)
                .header("Location", endsWith("/api/torrents/" + unknown))
                .body("state", equalTo("metadata"))
                .body("name", equalTo("nobody has it"))
                .body("infoHash", equalTo(unknown));
        assertThat(Api.torrent(unknown).getString("state")).isEqualTo("metadata");
        assertThat(Api.ids()).containsExactly(unknown);
        addJson("{\"magnet\": \"magnet:?xt=urn:btih:" + unknown + "\"}")
                .statusCode(409)
                .contentType(PROBLEM);
        Api.admin()
                .post("/api/torrents/" + unknown + "/pause")
                .then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("detail", containsString("metadata"));
        Api.admin().delete("/api/torrents/" + unknown).then().statusCode(204);
        assertThat(Api.ids()).isEmpty();
    }

    @Test
    void aTorrentAddedByReferenceThatIsAlreadySeededIsA409() {
        Api.add(Fixtures.torrent(Fixtures.ALICE), null);
        String url = Fixtures.serve("again/alice.torrent", Fixtures.torrent(Fixtures.ALICE));
        addJson("{\"metainfoUrl\": \"" + url + "\"}")
                .statusCode(409)
                .contentType(PROBLEM)
                .body("status", equalTo(409));
    }

    @Test
    void aMetainfoUrlAnswering404IsA422ProblemAndAddsNothing() throws IOException {
        String url = Fixtures.metainfoServerUrl() + "/files/missing.torrent";
        addJson("{\"metainfoUrl\": \"" + url + "\"}")
                .statusCode(422)
                .contentType(PROBLEM)
                .body("title", equalTo("Metadata not fetched"))
                .body("detail", containsString("404"));
        assertNothingPersisted();
    }

    @Test
    void anInfoHashUnknownToMetainfoServiceIsA422Problem() throws IOException {
        String unknown = "00112233445566778899aabbccddeeff00112233";
        addJson("{\"infoHash\": \"" + unknown + "\"}")
                .statusCode(422)
                .contentType(PROBLEM)
                .body("detail", containsString("/torrents/" + unknown + ".torrent"))
                .body("detail", containsString("404"));
        assertNothingPersisted();
    }

    @Test
    void anUnreachableMetainfoUrlIsA422Problem() throws IOException {
        int closed = FreePorts.tcp();
        addJson("{\"metainfoUrl\": \"http://127.0.0.1:" + closed + "/alice.torrent\"}")
                .statusCode(422)
                .contentType(PROBLEM)
                .body("title", equalTo("Metadata not fetched"))
                .body("detail", containsString("127.0.0.1:" + closed));
        assertNothingPersisted();
    }

    @ParameterizedTest(name = "sent from /{0}/")
    @ValueSource(strings = {"files", "chunked"})
    void aFetchedBodyOverTheMaximumTorrentSizeIsA422ProblemWithOrWithoutAContentLength(String dir) throws IOException {
        String url = Fixtures.serve(dir + "/huge.torrent", new byte[200_000]);
        addJson("{\"metainfoUrl\": \"" + url + "\"}")
                .statusCode(422)
                .contentType(PROBLEM)
                .body("detail", containsString("more than 65536 bytes"));
        assertNothingPersisted();
    }

    @Test
    void aChunkedTorrentWithinTheMaximumIsFetched() {
        String url = Fixtures.serve("chunked/alice.torrent", Fixtures.torrent(Fixtures.ALICE));
        addJson("{\"metainfoUrl\": \"" + url + "\"}").statusCode(201).body("id", equalTo(Fixtures.ALICE_V1));
    }

    @Test
    void aTorrentBodyOverTheMaximumTorrentSizeIsA413Problem() throws IOException {
        given().contentType(BITTORRENT)
                .body(new byte[65537])
                .post("/api/torrents")
                .then()
                .statusCode(413)
                .contentType(PROBLEM)
                .body("detail", containsString("bitquark.seeder.max-torrent-size"));
        assertNothingPersisted();
    }

    @Test
    void aFetchedBodyThatIsNotATorrentIsA422WithTheOffset() throws IOException {
        String url = Fixtures.serve("files/page.torrent", "<html>sorry</html>".getBytes());
        addJson("{\"metainfoUrl\": \"" + url + "\"}")
                .statusCode(422)
                .contentType(PROBLEM)
                .body("title", equalTo("Malformed torrent"))
                .body("offset", equalTo(0));
        assertNothingPersisted();
    }
}

package io.bitquark.seeder.api;

import static io.bitquark.seeder.api.Api.BITTORRENT;
import static io.bitquark.seeder.api.Api.PROBLEM;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.bitquark.protocol.metainfo.Metainfo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/torrents} with a .torrent body, and reading torrents back. */
@QuarkusTest
@WithTestResource(SeederTestResource.class)
class AddTorrentFileTest {

    @AfterEach
    void removeAll() {
        Api.removeAll();
    }

    @Test
    void addingATorrentAnswers201WithItsLocationAndStateCheckingThenItSeedsEveryPiece() {
        given().contentType(BITTORRENT)
                .body(Fixtures.torrent(Fixtures.ALICE))
                .queryParam("dataPath", "alice.txt")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/torrents/" + Fixtures.ALICE_V1))
                .contentType("application/json")
                .body("id", equalTo(Fixtures.ALICE_V1))
                .body("infoHash", equalTo(Fixtures.ALICE_V1))
                .body("name", equalTo("alice.txt"))
                .body("dataPath", equalTo("alice.txt"))
                .body("state", equalTo("checking"))
                .body("percent", equalTo(0f))
                .body("piecesHave", equalTo(0))
                .body("piecesTotal", equalTo(10))
                .body("totalSize", equalTo(163783));

        JsonPath seeded = Api.awaitChecked(Fixtures.ALICE_V1);
        assertThat(seeded.getString("state")).isEqualTo("seeding");
        assertThat(seeded.getInt("piecesHave")).isEqualTo(10).isEqualTo(seeded.getInt("piecesTotal"));
        assertThat(seeded.getFloat("percent")).isEqualTo(100f);
        assertThat(seeded.getString("reason")).isNull();
        assertThat(seeded.getLong("uploaded")).isZero();
        assertThat(seeded.getList("peers")).isEmpty();
    }

    @Test
    void theDataPathDefaultsToTheTorrentsNameUnderTheDataRoot() {
        String id = Api.add(Fixtures.torrent(Fixtures.FOLDER), null);
        JsonPath view = Api.awaitChecked(id);
        assertThat(view.getString("dataPath")).isEqualTo("folder");
        assertThat(view.getString("state")).isEqualTo("seeding");
    }

    @Test
    void theDataPathIsTheContentItselfWhateverItsName() {
        Fixtures.copyContent("alice.txt", "books/renamed.bin");
        Fixtures.copyContent("numbers", "sets/digits");
        String alice = Api.add(Fixtures.torrent(Fixtures.ALICE), "books/renamed.bin");
        String numbers = Api.add(Fixtures.torrent(Fixtures.NUMBERS), "sets/digits");
        assertThat(Api.awaitChecked(alice).getString("state")).isEqualTo("seeding");
        JsonPath multi = Api.awaitChecked(numbers);
        assertThat(multi.getString("state")).isEqualTo("seeding");
        assertThat(multi.getString("dataPath")).isEqualTo("sets/digits");
    }

    @Test
    void missingDataMakesAPartialSeedWithAReason() {
        String id = Api.add(Fixtures.torrent(Fixtures.ALICE), "nowhere/alice.txt");
        JsonPath view = Api.awaitChecked(id);
        assertThat(view.getString("state")).isEqualTo("partial");
        assertThat(view.getString("reason")).contains("10 of 10 pieces are missing");
        assertThat(view.getInt("piecesHave")).isZero();
        assertThat(view.getFloat("percent")).isEqualTo(100f);
    }

    @Test
    void dataCutShortServesTheVerifiedPiecesAsAPartialSeed() throws IOException {
        Path copy = Fixtures.copyContent("alice.txt", "short/alice.txt");
        byte[] all = Files.readAllBytes(copy);
        Files.write(copy, Arrays.copyOf(all, 5 * 16384 + 100));
        JsonPath view = Api.awaitChecked(Api.add(Fixtures.torrent(Fixtures.ALICE), "short/alice.txt"));
        assertThat(view.getString("state")).isEqualTo("partial");
        assertThat(view.getInt("piecesHave")).isEqualTo(5);
        assertThat(view.getString("reason")).contains("5 of 10 pieces");
    }

    @Test
    void addingATorrentThatIsAlreadySeededIsA409ProblemAndChangesNothing() {
        String id = Api.add(Fixtures.torrent(Fixtures.ALICE), null);
        Api.awaitChecked(id);
        given().contentType(BITTORRENT)
                .body(Fixtures.torrent(Fixtures.ALICE))
                .queryParam("dataPath", "elsewhere.txt")
                .post("/api/torrents")
                .then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("status", equalTo(409))
                .body("title", equalTo("Conflict"))
                .body("detail", containsString(id));
        assertThat(Api.ids()).containsExactly(id);
        assertThat(Api.torrent(id).getString("dataPath")).isEqualTo("alice.txt");
    }

    @Test
    void aHybridTorrentIsFoundByItsV1HashAndByItsV2HashInAnyCase() {
        Metainfo hybrid = Fixtures.hybrid("hybrid-set", 7);
        String v1 = hybrid.infoHashV1().orElseThrow().hex();
        String v2 = hybrid.infoHashV2().orElseThrow().hex();
        String id = Api.add(hybrid.encode(), null);
        assertThat(id).isEqualTo(v1);
        JsonPath seeded = Api.awaitChecked(id);
        assertThat(seeded.getString("state")).isEqualTo("seeding");
        for (String hash : List.of(v1, v2, v2.toUpperCase(Locale.ROOT))) {
            given().get("/api/torrents/" + hash)
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(v1))
                    .body("infoHash", equalTo(v1))
                    .body("infoHashV2", equalTo(v2))
                    .body("state", equalTo("seeding"));
        }
    }

    @Test
    void aV1TorrentHasNoV2Hash() {
        String id = Api.add(Fixtures.torrent(Fixtures.ALICE), null);
        given().get("/api/torrents/" + id).then().statusCode(200).body("infoHashV2", nullValue());
    }

    @Test
    void theListIsOldestFirstAndPaginated() {
        String alice = Api.add(Fixtures.torrent(Fixtures.ALICE), null);
        String folder = Api.add(Fixtures.torrent(Fixtures.FOLDER), null);
        String numbers = Api.add(Fixtures.torrent(Fixtures.NUMBERS), null);

        given().get("/api/torrents")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("offset", equalTo(0))
                .body("limit", equalTo(100))
                .body("items.id", equalTo(List.of(alice, folder, numbers)));
        given().queryParam("offset", 1)
                .queryParam("limit", 1)
                .get("/api/torrents")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("offset", equalTo(1))
                .body("limit", equalTo(1))
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(folder));
        given().queryParam("offset", 2)
                .queryParam("limit", 5)
                .get("/api/torrents")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(numbers)));
        given().queryParam("offset", 3)
                .get("/api/torrents")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items", hasSize(0));
    }

    @Test
    void anAddedTorrentIsPersistedInTheStateDirectory() {
        byte[] torrent = Fixtures.torrent(Fixtures.ALICE);
        String id = Api.add(torrent, null);
        Path state = Fixtures.stateDir();
        assertThat(Fixtures.read(state.resolve(id + ".torrent"))).isEqualTo(torrent);
        assertThat(new String(Fixtures.read(state.resolve(id + ".state")))).contains("9:data path9:alice.txt");
        Api.awaitChecked(id);
        assertThat(state.resolve(id + ".resume")).exists();
    }
}

package io.bitquark.seeder.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.bitquark.seeder.torrent.TorrentSession;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pausing, resuming and removing a torrent: what peers see on the peer wire, what is re-hashed, and what is
 * left in the state directory and the data root.
 */
@QuarkusTest
@WithTestResource(SeederTestResource.class)
class PauseResumeDeleteTest {

    private static final String CHECKS = "bitquark_seeder_checks_total";

    @Inject
    TorrentSession session;

    @AfterEach
    void removeAll() {
        Api.removeAll();
    }

    private String seeded(byte[] torrent, String dataPath) {
        String id = Api.add(torrent, dataPath);
        assertThat(Api.awaitChecked(id).getString("state")).isEqualTo("seeding");
        return id;
    }

    private static String[] stateFiles(String id) throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.stateDir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(id))
                    .sorted()
                    .toArray(String[]::new);
        }
    }

    @Test
    void aPausedTorrentRefusesPeersAndResumesWithoutAFullRehash() throws IOException {
        String id = seeded(Fixtures.torrent(Fixtures.ALICE), null);
        int port = session.peerPort();
        assertThat(PeerHandshake.answered(port, id))
                .as("handshake while seeding")
                .isTrue();
        double fullChecks = Metrics.value(CHECKS, "result=\"full\"");
        double resumedChecks = Metrics.value(CHECKS, "result=\"resumed\"");

        Api.admin()
                .post("/api/torrents/" + id + "/pause")
                .then()
                .statusCode(200)
                .body("state", equalTo("paused"))
                .body("reason", containsString("paused"));
        assertThat(Api.torrent(id).getString("state")).isEqualTo("paused");
        assertThat(PeerHandshake.answered(port, id))
                .as("handshake while paused")
                .isFalse();
        assertThat(new String(Fixtures.read(Fixtures.stateDir().resolve(id + ".state"))))
                .contains("6:pausedi1e");

        Api.admin().post("/api/torrents/" + id + "/resume").then().statusCode(200);
        JsonPath resumed = Api.awaitChecked(id);
        assertThat(resumed.getString("state")).isEqualTo("seeding");
        assertThat(resumed.getInt("piecesHave")).isEqualTo(resumed.getInt("piecesTotal"));
        assertThat(Metrics.value(CHECKS, "result=\"resumed\"")).isEqualTo(resumedChecks + 1);
        assertThat(Metrics.value(CHECKS, "result=\"full\"")).isEqualTo(fullChecks);
        assertThat(PeerHandshake.answered(port, id))
                .as("handshake after resume")
                .isTrue();
        assertThat(new String(Fixtures.read(Fixtures.stateDir().resolve(id + ".state"))))
                .contains("6:pausedi0e");
    }

    @Test
    void pausingTwiceAndResumingASeedingTorrentChangeNothing() {
        String id = seeded(Fixtures.torrent(Fixtures.FOLDER), null);
        Api.admin()
                .post("/api/torrents/" + id + "/resume")
                .then()
                .statusCode(200)
                .body("state", equalTo("seeding"));
        Api.admin()
                .post("/api/torrents/" + id + "/pause")
                .then()
                .statusCode(200)
                .body("state", equalTo("paused"));
        Api.admin()
                .post("/api/torrents/" + id + "/pause")
                .then()
                .statusCode(200)
                .body("state", equalTo("paused"));
    }

    @Test
    void aTorrentCanBeRemovedWhilePaused() throws IOException {
        String id = seeded(Fixtures.torrent(Fixtures.FOLDER), null);
        Api.admin().post("/api/torrents/" + id + "/pause").then().statusCode(200);
        Api.admin().delete("/api/torrents/" + id).then().statusCode(204);
        assertThat(Api.ids()).isEmpty();
        assertThat(stateFiles(id)).isEmpty();
    }

    @Test
    void removingATorrentForgetsItAndClosesItToPeersButKeepsItsData() throws IOException {
        String id = seeded(Fixtures.torrent(Fixtures.ALICE), null);
        assertThat(stateFiles(id)).containsExactly(id + ".resume", id + ".state", id + ".torrent");

        Api.admin().delete("/api/torrents/" + id).then().statusCode(204);
        given().get("/api/torrents/" + id).then().statusCode(404);
        assertThat(Api.ids()).doesNotContain(id);
        assertThat(stateFiles(id)).isEmpty();
        assertThat(PeerHandshake.answered(session.peerPort(), id)).isFalse();
        assertThat(Fixtures.dataRoot().resolve("alice.txt"))
                .hasSameBinaryContentAs(Fixtures.webtorrentDir().resolve("alice.txt"));
    }

    @Test
    void aRemovedTorrentCanBeAddedAgain() {
        String id = seeded(Fixtures.torrent(Fixtures.ALICE), null);
        Api.admin().delete("/api/torrents/" + id).then().statusCode(204);
        assertThat(seeded(Fixtures.torrent(Fixtures.ALICE), null)).isEqualTo(id);
    }

    @Test
    void removingWithDeleteDataDeletesAMultiFileTorrentsFilesAndItsDirectory() {
        Path content = Fixtures.copyContent("lots-of-numbers", "doomed/lots-of-numbers");
        String id = seeded(Fixtures.torrent("lots-of-numbers.torrent"), "doomed/lots-of-numbers");
        Api.admin()
                .queryParam("deleteData", true)
                .delete("/api/torrents/" + id)
                .then()
                .statusCode(204);
        assertThat(content).doesNotExist();
        assertThat(Fixtures.dataRoot().resolve("doomed")).isDirectory();
        assertThat(Api.ids()).isEmpty();
    }

    @Test
    void removingWithDeleteDataKeepsFilesThatAreNotTheTorrents() throws IOException {
        Path content = Fixtures.copyContent("numbers", "shared/numbers");
        Path stranger = Files.writeString(content.resolve("notes.txt"), "not part of the torrent");
        Path single = Fixtures.copyContent("alice.txt", "shared/alice.txt");
        String numbers = seeded(Fixtures.torrent(Fixtures.NUMBERS), "shared/numbers");
        String alice = seeded(Fixtures.torrent(Fixtures.ALICE), "shared/alice.txt");

        Api.admin()
                .queryParam("deleteData", true)
                .delete("/api/torrents/" + numbers)
                .then()
                .statusCode(204);
        Api.admin()
                .queryParam("deleteData", true)
                .delete("/api/torrents/" + alice)
                .then()
                .statusCode(204);
        assertThat(content.resolve("1.txt")).doesNotExist();
        assertThat(stranger).hasContent("not part of the torrent");
        assertThat(single).doesNotExist();
        assertThat(Fixtures.dataRoot().resolve("shared")).isDirectory();
    }

    @Test
    void deleteDataNeverDeletesOutsideTheDataRoot() throws IOException {
        Path inside = Fixtures.copyContent("alice.txt", "escape/alice.txt").getParent();
        String id = seeded(Fixtures.torrent(Fixtures.ALICE), "escape/alice.txt");
        Path outside = Files.createTempDirectory("bitquark-outside");
        Path precious = Files.copy(Fixtures.webtorrentDir().resolve("alice.txt"), outside.resolve("alice.txt"));
        Files.delete(inside.resolve("alice.txt"));
        Files.delete(inside);
        Files.createSymbolicLink(inside, outside);

        Api.admin()
                .queryParam("deleteData", true)
                .delete("/api/torrents/" + id)
                .then()
                .statusCode(409)
                .contentType(Api.PROBLEM)
                .body("detail", containsString("symlink"));
        assertThat(precious).exists();
        assertThat(Api.ids()).containsExactly(id);

        Api.admin().delete("/api/torrents/" + id).then().statusCode(204);
        assertThat(precious).exists();
        Files.delete(inside);
    }
}

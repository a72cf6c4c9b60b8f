package io.bitquark.metainfo.interop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitquark.metainfo.api.ContentFixture;
import io.bitquark.metainfo.api.FreshDirectories;
import io.bitquark.metainfo.interop.RecordingPeerServer.Request;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hosting a torrent puts it on the tracker's allowlist and deleting it takes it off; {@code seed=true} hands
 * the torrent to the seeder. Both peers are a real HTTP server ({@link RecordingPeerServer}) that records
 * what it receives.
 */
@QuarkusTest
@WithTestResource(FreshDirectories.class)
@WithTestResource(RecordingPeerServer.class)
class TrackerAndSeederHandOffTest {

    static final String ADMIN = "Bearer " + RecordingPeerServer.ADMIN_TOKEN;

    @BeforeEach
    void forgetEarlierRequests() {
        RecordingPeerServer.forget();
    }

    @Test
    void creatingATorrentPutsItsInfoHashOnTheTrackersAllowlistWithTheTrackersTokenAndItsName() throws Exception {
        ContentFixture.file("allow/a.bin", 30_000, 1);
        String infoHash = create("{\"path\": \"allow/a.bin\", \"name\": \"allowed été.bin\"}")
                .path("infoHash");

        List<Request> puts = RecordingPeerServer.requestsTo("PUT", "/api/allowlist/" + infoHash);
        assertThat(puts).hasSize(1);
        Request put = puts.get(0);
        assertThat(put.authorization()).isEqualTo("Bearer " + RecordingPeerServer.TRACKER_TOKEN);
        assertThat(put.contentType()).startsWith("application/json");
        JsonNode entry = new ObjectMapper().readTree(put.body());
        assertThat(entry.path("name").asText()).isEqualTo("allowed été.bin");
    }

    @Test
    void aV2OnlyTorrentIsAllowedByItsV2InfoHashTruncatedTo20Bytes() {
        ContentFixture.file("allow-v2/b.bin", 30_000, 2);
        String v2 =
                create("{\"path\": \"allow-v2/b.bin\", \"version\": \"v2\"}").path("infoHashV2");

        String truncated = HexFormat.of().formatHex(HexFormat.of().parseHex(v2), 0, 20);
        assertThat(RecordingPeerServer.requestsTo("PUT", "/api/allowlist/"))
                .extracting(Request::path)
                .containsExactly("/api/allowlist/" + truncated);
    }

    @Test
    void deletingATorrentTakesItOffTheTrackersAllowlist() {
        ContentFixture.file("disallow/c.bin", 30_000, 3);
        String infoHash = create("{\"path\": \"disallow/c.bin\"}").path("infoHash");
        assertThat(RecordingPeerServer.requestsTo("DELETE", "/api/allowlist/")).isEmpty();

        given().header("Authorization", ADMIN)
                .delete("/api/torrents/" + infoHash)
                .then()
                .statusCode(204);

        List<Request> deletes = RecordingPeerServer.requestsTo("DELETE", "/api/allowlist/");
        assertThat(deletes).extracting(Request::path).containsExactly("/api/allowlist/" + infoHash);
        assertThat(deletes.get(0).authorization()).isEqualTo("Bearer " + RecordingPeerServer.TRACKER_TOKEN);
    }

    @Test
    void withSeedTheTorrentGoesToTheSeederWithItsDataPathAndTheSeedersStateComesBack() {
        ContentFixture.file("seed me/d ü.bin", 30_000, 4);
        Response created = create("{\"path\": \"seed me/d ü.bin\", \"seed\": true}");
        created.then()
                .body("seeding.started", equalTo(true))
                .body("seeding.state", equalTo("checking"))
                .body("seeding.reason", nullValue());

        List<Request> seeded = RecordingPeerServer.requestsTo("POST", "/api/torrents");
        assertThat(seeded).hasSize(1);
        Request hand = seeded.get(0);
        assertThat(hand.query()).containsEntry("dataPath", "seed me/d ü.bin");
        assertThat(hand.contentType()).isEqualTo("application/x-bittorrent");
        assertThat(hand.authorization())
                .as("the seeder's own token, not metainfo-service's")
                .isEqualTo("Bearer " + RecordingPeerServer.SEEDER_TOKEN);
        assertThat(hand.body()).isEqualTo(RealTools.hostedTorrent(created.path("id")));
    }

    @Test
    void withSeedAndAPoolTheTorrentIsAlsoAddedToThePoolWithTheSeedersToken() {
        ContentFixture.file("pooled/f.bin", 30_000, 6);
        Response created = create("{\"path\": \"pooled/f.bin\", \"seed\": true}");

        List<Request> pooled = RecordingPeerServer.requestsTo("POST", "/pool/torrents");
        assertThat(pooled).hasSize(1);
        assertThat(pooled.get(0).contentType()).isEqualTo("application/x-bittorrent");
        assertThat(pooled.get(0).authorization()).isEqualTo("Bearer " + RecordingPeerServer.SEEDER_TOKEN);
        assertThat(pooled.get(0).body()).isEqualTo(RealTools.hostedTorrent(created.path("id")));
        assertThat(RecordingPeerServer.requestsTo("POST", "/api/torrents"))
                .as("the origin seeder gets it too")
                .hasSize(1);
    }

    @Test
    void withoutSeedNothingGoesToTheSeeder() {
        ContentFixture.file("no-seed/e.bin", 30_000, 5);
        create("{\"path\": \"no-seed/e.bin\"}")
                .then()
                .body("seeding.started", equalTo(false))
                .body("seeding.state", equalTo("not-requested"));

        assertThat(RecordingPeerServer.requests()).extracting(Request::method).containsExactly("PUT");
    }

    private static Response create(String options) {
        Response r = given().contentType("application/json")
                .header("Authorization", ADMIN)
                .body(options)
                .post("/api/torrents");
        r.then().statusCode(201);
        return r;
    }
}

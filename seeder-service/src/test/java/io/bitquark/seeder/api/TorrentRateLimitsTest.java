package io.bitquark.seeder.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A torrent's own rate limits: set in its add request, changed with {@code PATCH /api/torrents/{infoHash}}, shown
 * in its view (0 unlimited), kept in its state file; a bad value is a 400 problem that changes nothing.
 */
@QuarkusTest
@WithTestResource(SeederTestResource.class)
class TorrentRateLimitsTest {

    @AfterEach
    void removeAll() {
        Api.removeAll();
    }

    @Test
    void limitsGivenWhenATorrentIsAddedHoldAndAreShownWithoutADefaultOfTheirOwnUnlimited() {
        String id = Api.admin()
                .contentType(Api.BITTORRENT)
                .body(Fixtures.torrent(Fixtures.ALICE))
                .queryParam("uploadRateLimit", 1_000_000)
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .body("uploadRateLimit", equalTo(1_000_000))
                .body("downloadRateLimit", equalTo(0))
                .extract()
                .path("id");
        assertThat(new String(Fixtures.read(Fixtures.stateDir().resolve(id + ".state"))))
                .contains("17:upload rate limiti1000000e")
                .doesNotContain("download rate limit");
    }

    @Test
    void aPatchChangesOnlyTheDirectionsItNamesAndIsKeptInTheStateFile() {
        String id = Api.add(Fixtures.torrent(Fixtures.ALICE), null);
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("downloadRateLimit", 2_000_000))
                .patch("/api/torrents/" + id)
                .then()
                .statusCode(200)
                .body("downloadRateLimit", equalTo(2_000_000))
                .body("uploadRateLimit", equalTo(0));
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("uploadRateLimit", 500_000))
                .patch("/api/torrents/" + id)
                .then()
                .statusCode(200)
                .body("downloadRateLimit", equalTo(2_000_000))
                .body("uploadRateLimit", equalTo(500_000));
        assertThat(Api.torrent(id).getLong("downloadRateLimit")).isEqualTo(2_000_000L);
        assertThat(new String(Fixtures.read(Fixtures.stateDir().resolve(id + ".state"))))
                .contains("19:download rate limiti2000000e")
                .contains("17:upload rate limiti500000e");
    }

    @Test
    void aNegativeOrMissingLimitIsAProblemAndChangesNothing() {
        String id = Api.add(Fixtures.torrent(Fixtures.ALICE), null);
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("uploadRateLimit", -1))
                .patch("/api/torrents/" + id)
                .then()
                .statusCode(400)
                .contentType(Api.PROBLEM)
                .body("detail", containsString("negative"));
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of())
                .patch("/api/torrents/" + id)
                .then()
                .statusCode(400)
                .contentType(Api.PROBLEM);
        Api.admin()
                .contentType(Api.BITTORRENT)
                .body(Fixtures.torrent(Fixtures.ALICE))
                .queryParam("dataPath", "other")
                .queryParam("downloadRateLimit", "fast")
                .post("/api/torrents")
                .then()
                .statusCode(400)
                .contentType(Api.PROBLEM)
                .body("detail", containsString("downloadRateLimit"));
        assertThat(Api.torrent(id).getLong("uploadRateLimit")).isZero();
        assertThat(Api.ids()).containsExactly(id);
    }

    @Test
    void patchingATorrentThatIsNotHereIsA404Problem() {
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("uploadRateLimit", 1))
                .patch("/api/torrents/" + "ab".repeat(20))
                .then()
                .statusCode(404)
                .contentType(Api.PROBLEM);
    }
}

package io.bitquark.metainfo.interop;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.bitquark.metainfo.api.ContentFixture;
import io.bitquark.metainfo.api.FreshDirectories;
import io.bitquark.testsupport.FreePorts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When neither the seeder nor the tracker listens, a torrent is still created and hosted; the response says why seeding did not start. */
@QuarkusTest
@WithTestResource(FreshDirectories.class)
@TestProfile(UnreachablePeersTest.NothingListens.class)
class UnreachablePeersTest {

    /** The seeder and the tracker at loopback ports that were free a moment ago: connections are refused. */
    public static class NothingListens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bitquark.metainfo.seeder-url", "http://127.0.0.1:" + FreePorts.tcp(),
                    "bitquark.metainfo.tracker-admin-url", "http://127.0.0.1:" + FreePorts.tcp());
        }
    }

    @Test
    void seedingAnUnreachableSeederStillCreatesTheTorrentAndReportsWhySeedingDidNotStart() {
        ContentFixture.file("lonely/f.bin", 30_000, 1);
        String id = given().contentType("application/json")
                .body("{\"path\": \"lonely/f.bin\", \"seed\": true}")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .body("seeding.started", equalTo(false))
                .body("seeding.state", equalTo("unavailable"))
                .body("seeding.reason", containsString("unreachable"))
                .extract()
                .path("id");

        given().get("/api/torrents/" + id).then().statusCode(200).body("seeding.started", equalTo(false));
        given().delete("/api/torrents/" + id).then().statusCode(204);
    }
}

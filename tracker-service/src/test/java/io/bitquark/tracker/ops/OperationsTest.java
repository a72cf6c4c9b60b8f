package io.bitquark.tracker.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.bitquark.tracker.TrackerClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health, metrics, OpenAPI, the index page, stats and the allowlist admin API, with an admin token. */
@QuarkusTest
@TestProfile(OperationsTest.AllowlistOn.class)
class OperationsTest {

    public static class AllowlistOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bitquark.tracker.allowlist.enabled", "true", "bitquark.tracker.admin-token", "s3cret-admin-token");
        }
    }

    static final String TOKEN = "Bearer s3cret-admin-token";

    @Test
    void readinessReportsTheSwarmStore() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("swarm store (memory)"));
    }

    @Test
    void metricsCarryAnnouncesByProtocolAndResult() {
        byte[] hash = TrackerClient.bytes20("ops-metrics", 1);
        given().urlEncodingEnabled(false)
                .get("/announce?info_hash=" + TrackerClient.pct(hash)
                        + "&peer_id=-BQ0100-000000000001&port=1&uploaded=0&downloaded=0&left=0")
                .then()
                .statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("bitquark_tracker_announces_total{protocol=\"http\",result=\"refused\"}"))
                .body(containsString("bitquark_tracker_swarms "))
                .body(containsString("bitquark_tracker_peers "));
    }

    @Test
    void openApiCoversTheTrackerAdminAndStatsEndpoints() {
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/announce"))
                .body(containsString("/scrape"))
                .body(containsString("/api/allowlist/{infoHash}"))
                .body(containsString("/api/stats"));
    }

    @Test
    void theAllowlistNeedsTheTokenAndDecidesWhichSwarmsAreServed() {
        byte[] hash = TrackerClient.bytes20("ops-allow", 1);
        String hex = HexFormat.of().formatHex(hash);
        String query = "/announce?info_hash=" + TrackerClient.pct(hash)
                + "&peer_id=-BQ0100-000000000001&port=1&uploaded=0&downloaded=0&left=0";

        given().urlEncodingEnabled(false).get(query).then().statusCode(200).body(containsString("not authorized"));

        given().put("/api/allowlist/" + hex).then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong")
                .put("/api/allowlist/" + hex)
                .then()
                .statusCode(401);
        given().header("Authorization", TOKEN)
                .put("/api/allowlist/not-a-hash")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
        given().header("Authorization", TOKEN)
                .put("/api/allowlist/" + hex)
                .then()
                .statusCode(204);
        given().header("Authorization", TOKEN)
                .get("/api/allowlist")
                .then()
                .statusCode(200)
                .body("infoHashes", hasItem(hex));

        given().urlEncodingEnabled(false).get(query).then().statusCode(200).body(not(containsString("failure reason")));

        given().header("Authorization", TOKEN)
                .delete("/api/allowlist/" + hex)
                .then()
                .statusCode(204);
        given().urlEncodingEnabled(false).get(query).then().statusCode(200).body(containsString("not authorized"));
    }

    @Test
    void statsAndTheIndexPageListSwarmsInPages() {
        byte[] hash = TrackerClient.bytes20("ops-stats", 1);
        String hex = HexFormat.of().formatHex(hash);
        given().header("Authorization", TOKEN)
                .contentType("application/json")
                .body("{\"name\": \"Sintel <4K>\"}")
                .put("/api/allowlist/" + hex)
                .then()
                .statusCode(204);
        given().urlEncodingEnabled(false)
                .get("/announce?info_hash=" + TrackerClient.pct(hash)
                        + "&peer_id=-BQ0100-000000000001&port=1&uploaded=0&downloaded=0&left=0")
                .then()
                .statusCode(200);
        given().get("/api/stats?limit=500")
                .then()
                .statusCode(200)
                .body("swarms.infoHash", hasItem(hex))
                .body("swarms.name", hasItem("Sintel <4K>"))
                .body("limit", equalTo(500));
        given().get("/api/stats?limit=100000").then().statusCode(400).contentType("application/problem+json");
        given().get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString(hex))
                .body(containsString("Sintel &lt;4K&gt;"));
    }
}

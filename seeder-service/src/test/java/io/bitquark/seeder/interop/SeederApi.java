package io.bitquark.seeder.interop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** The running seeder-service as a client sees it: its REST API and its metrics. */
public final class SeederApi {

    public static final String BITTORRENT = "application/x-bittorrent";

    private SeederApi() {}

    /** POSTs a raw .torrent to seed from {@code dataPath} and waits until it is {@code seeding}; returns its id. */
    public static String seed(byte[] torrent, String dataPath) {
        String id = given().contentType(BITTORRENT)
                .queryParam("dataPath", dataPath)
                .body(torrent)
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        awaitState(id, "seeding");
        return id;
    }

    /**
     * POSTs a raw .torrent with {@code download=true} into {@code dataPath}, with these extra query parameters,
     * and waits until it is {@code downloading}; returns its id.
     */
    static String download(byte[] torrent, String dataPath, Map<String, ?> params) {
        String id = addToDownload(torrent, dataPath, params);
        awaitState(id, "downloading");
        return id;
    }

    /**
     * POSTs a raw .torrent with {@code download=true} into {@code dataPath}, with these extra query parameters;
     * returns its id at once (a web seed may complete it before anyone sees it {@code downloading}).
     */
    static String addToDownload(byte[] torrent, String dataPath, Map<String, ?> params) {
        return given().contentType(BITTORRENT)
                .queryParam("dataPath", dataPath)
                .queryParam("download", true)
                .queryParams(params)
                .body(torrent)
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Gives the downloading torrent {@code id} these peers ({@code host:port}); returns how many were new. */
    static int addPeers(String id, String... peers) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("peers", List.of(peers)))
                .post("/api/torrents/" + id + "/peers")
                .then()
                .statusCode(200)
                .extract()
                .path("added");
    }

    /** PATCHes the torrent's own limits ({@code uploadRateLimit}, {@code downloadRateLimit}). */
    static void limit(String id, Map<String, Long> limits) {
        given().contentType(ContentType.JSON)
                .body(limits)
                .patch("/api/torrents/" + id)
                .then()
                .statusCode(200);
    }

    public static void awaitState(String id, String state) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(torrent(id).getString("state"))
                        .as("state of %s: %s", id, torrent(id).prettify())
                        .isEqualTo(state));
    }

    public static JsonPath torrent(String id) {
        return given().get("/api/torrents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /**
     * The value of a Prometheus sample on {@code /q/metrics}, its labels as written (e.g.
     * {@code bitquark_seeder_hash_requests_total{answer="hashes"}}); 0 when it is not there yet.
     */
    public static double metric(String sample) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(l -> l.startsWith(sample + " "))
                .findFirst()
                .map(l -> Double.parseDouble(l.substring(sample.length() + 1).trim()))
                .orElse(0.0);
    }
}

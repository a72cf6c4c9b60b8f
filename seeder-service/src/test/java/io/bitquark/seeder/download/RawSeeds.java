package io.bitquark.seeder.download;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.seeder.interop.SeederApi;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The running service downloading a {@link GeneratedTorrent} from {@link RawSeed}s, as its REST API shows it. */
final class RawSeeds {

    private RawSeeds() {}

    /** Adds {@code torrent} to be downloaded into the data path named after it; returns its id once downloading. */
    static String download(GeneratedTorrent torrent) {
        String id = given().contentType(SeederApi.BITTORRENT)
                .queryParam("dataPath", torrent.metainfo().name())
                .queryParam("download", true)
                .body(torrent.encoded())
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        SeederApi.awaitState(id, "downloading");
        return id;
    }

    /** Gives the torrent the seeds as peers ({@code POST /api/torrents/{id}/peers}); the dialer connects to them. */
    static void givePeers(String id, RawSeed... seeds) {
        givePeers(id, Arrays.stream(seeds).map(RawSeed::endpoint).toArray(String[]::new));
    }

    /** Gives the torrent peers ({@code host:port}) to dial. */
    static void givePeers(String id, String... endpoints) {
        List<String> peers = List.of(endpoints);
        int added = given().contentType(ContentType.JSON)
                .body(Map.of("peers", peers))
                .post("/api/torrents/" + id + "/peers")
                .then()
                .statusCode(200)
                .extract()
                .path("added");
        assertThat(added).as("peers new to the torrent").isEqualTo(endpoints.length);
    }

    /** The torrent's peer that is {@code seed}, as {@code GET /api/torrents/{id}} lists it (we dialed it). */
    static Map<String, Object> peer(String id, RawSeed seed) {
        JsonPath torrent = SeederApi.torrent(id);
        List<Map<String, Object>> peers = torrent.getList("peers");
        return peers.stream()
                .filter(p -> ((Number) p.get("listenPort")).intValue() == seed.port())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no peer " + seed.endpoint() + " in " + torrent.prettify()));
    }

    /** The value of the Prometheus series {@code name} whose labels include {@code label}; 0 when absent. */
    static double metric(String name, String label) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}

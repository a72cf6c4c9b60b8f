package io.bitquark.seeder.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** The seeder's REST API as the specifications call it. */
final class Api {

    static final String BITTORRENT = "application/x-bittorrent";
    static final String PROBLEM = "application/problem+json";

    private Api() {}

    /** A request carrying the admin token when the application has one. */
    static RequestSpecification admin() {
        return given().header(
                        "Authorization",
                        "Bearer "
                                + org.eclipse.microprofile.config.ConfigProvider.getConfig()
                                        .getOptionalValue("bitquark.seeder.admin-token", String.class)
                                        .orElse("none"));
    }

    /** {@code POST /api/torrents} with a .torrent body; {@code dataPath} may be null. Expects 201 and returns the id. */
    static String add(byte[] torrent, String dataPath) {
        RequestSpecification r = admin().contentType(BITTORRENT).body(torrent);
        if (dataPath != null) {
            r.queryParam("dataPath", dataPath);
        }
        return r.post("/api/torrents").then().statusCode(201).extract().path("id");
    }

    static JsonPath torrent(String id) {
        return given().get("/api/torrents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /**
     * Waits until the torrent leaves {@code checking}, checking on every look that the view is consistent:
     * below 100% while checking, 100% once checked. Returns the final view.
     */
    static JsonPath awaitChecked(String id) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    JsonPath view = torrent(id);
                    String state = view.getString("state");
                    float percent = view.getFloat("percent");
                    if (state.equals("checking")) {
                        assertThat(percent).as("percent while checking").isLessThan(100);
                    } else if (state.equals("seeding") || state.equals("partial")) {
                        assertThat(percent).as("percent once checked").isEqualTo(100);
                    }
                    last[0] = view;
                    return !state.equals("checking");
                });
        return last[0];
    }

    static List<String> ids() {
        return given().queryParam("limit", 1000)
                .get("/api/torrents")
                .then()
                .statusCode(200)
                .extract()
                .path("items.id");
    }

    /** Removes every torrent (keeping the data), so that each specification starts from an empty seeder. */
    static void removeAll() {
        for (String id : ids()) {
            admin().delete("/api/torrents/" + id).then().statusCode(204);
        }
    }
}

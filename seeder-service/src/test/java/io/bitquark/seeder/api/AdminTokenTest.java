package io.bitquark.seeder.api;

import static io.bitquark.seeder.api.Api.BITTORRENT;
import static io.bitquark.seeder.api.Api.PROBLEM;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code bitquark.seeder.admin-token} set, every mutating call needs {@code Authorization: Bearer
 * <token>}: without it, or with another token, it is a 401 problem with {@code WWW-Authenticate: Bearer}
 * and changes nothing. Reading stays open.
 */
@QuarkusTest
@TestProfile(AdminTokenTest.WithToken.class)
@WithTestResource(SeederTestResource.class)
class AdminTokenTest {

    static final String TOKEN = "s3cret-admin-token";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bitquark.seeder.admin-token", TOKEN);
        }
    }

    @AfterEach
    void removeAll() {
        Api.removeAll();
    }

    private static void refused(
            Function<RequestSpecification, RequestSpecification> auth,
            String method,
            String path,
            String contentType,
            Object body) {
        RequestSpecification r = auth.apply(given());
        if (contentType != null) {
            r.contentType(contentType);
            if (body instanceof byte[] bytes) {
                r.body(bytes);
            } else {
                r.body((String) body);
            }
        }
        r.request(method, path)
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @ValueSource(strings = {"", "Bearer wrong-token", "Bearer " + TOKEN + "x", "Basic czNjcmV0", TOKEN, "Bearer"})
    void mutatingCallsWithoutTheTokenAre401AndChangeNothing(String header) {
        Function<RequestSpecification, RequestSpecification> auth =
                r -> header.isEmpty() ? r : r.header("Authorization", header);
        refused(auth, "POST", "/api/torrents", BITTORRENT, Fixtures.torrent(Fixtures.ALICE));
        refused(auth, "POST", "/api/torrents", "application/json", "{\"infoHash\": \"" + Fixtures.ALICE_V1 + "\"}");
        assertThat(Api.ids()).isEmpty();

        String id = Api.add(Fixtures.torrent(Fixtures.ALICE), null);
        Api.awaitChecked(id);
        refused(auth, "POST", "/api/torrents/" + id + "/pause", null, null);
        refused(auth, "DELETE", "/api/torrents/" + id, null, null);
        refused(auth, "DELETE", "/api/torrents/" + id + "?deleteData=true", null, null);
        refused(auth, "PATCH", "/api/torrents/" + id, "application/json", "{\"uploadRateLimit\": 1}");
        refused(auth, "POST", "/api/torrents/" + id + "/peers", "application/json", "{\"peers\": [\"10.0.0.1:1\"]}");
        assertThat(Api.torrent(id).getString("state")).isEqualTo("seeding");
        assertThat(Api.torrent(id).getLong("uploadRateLimit")).isZero();
        assertThat(Fixtures.dataRoot().resolve("alice.txt")).exists();

        Api.admin().post("/api/torrents/" + id + "/pause").then().statusCode(200);
        refused(auth, "POST", "/api/torrents/" + id + "/resume", null, null);
        assertThat(Api.torrent(id).getString("state")).isEqualTo("paused");
    }

    @Test
    void theTokenIsAcceptedWhateverTheCaseOfBearer() {
        given().header("Authorization", "bearer " + TOKEN)
                .contentType(BITTORRENT)
                .body(Fixtures.torrent(Fixtures.ALICE))
                .post("/api/torrents")
                .then()
                .statusCode(201);
    }

    @Test
    void mutatingCallsWithTheTokenSucceed() {
        String id = Api.add(Fixtures.torrent(Fixtures.FOLDER), null);
        Api.admin()
                .post("/api/torrents/" + id + "/pause")
                .then()
                .statusCode(200)
                .body("state", equalTo("paused"));
        Api.admin().post("/api/torrents/" + id + "/resume").then().statusCode(200);
        Api.admin().delete("/api/torrents/" + id).then().statusCode(204);
        assertThat(Api.ids()).isEmpty();
    }

    @Test
    void readingNeedsNoToken() {
        String id = Api.add(Fixtures.torrent(Fixtures.ALICE), null);
        given().get("/api/torrents").then().statusCode(200).body("total", equalTo(1));
        given().get("/api/torrents/" + id).then().statusCode(200);
        given().get("/").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}

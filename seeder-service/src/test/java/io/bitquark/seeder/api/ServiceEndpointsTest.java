package io.bitquark.seeder.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.seeder.torrent.TorrentSession;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard at {@code /}, health, metrics and the OpenAPI document. */
@QuarkusTest
@WithTestResource(SeederTestResource.class)
class ServiceEndpointsTest {

    @Inject
    TorrentSession session;

    @AfterEach
    void removeAll() {
        Api.removeAll();
    }

    @Test
    void theDashboardNamesEveryTorrentWithItsStateAndRefreshesFromTheApi() {
        String alice = Api.add(Fixtures.torrent(Fixtures.ALICE), null);
        String missing = Api.add(Fixtures.torrent(Fixtures.FOLDER), "no-such-folder");
        Api.awaitChecked(alice);
        Api.awaitChecked(missing);
        given().get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("alice.txt"))
                .body(containsString(alice))
                .body(containsString("folder"))
                .body(containsString(missing))
                .body(containsString("seeding"))
                .body(containsString("partial: 1 of 1 pieces are missing"))
                .body(containsString("fetch(\"/api/torrents"))
                .body(containsString("Down rate"))
                .body(containsString("t.downloadPercent"))
                .body(containsString("t.etaSeconds"))
                .body(containsString("Peer-wire port <strong>" + session.peerPort() + "</strong>"));
    }

    @Test
    void theDashboardEscapesTorrentNames() {
        Metainfo hybrid = Fixtures.hybrid("a<b>&c", 3);
        Api.awaitChecked(Api.add(hybrid.encode(), null));
        given().get("/")
                .then()
                .statusCode(200)
                .body(containsString("a&lt;b&gt;&amp;c"))
                .body(not(containsString("a<b>&c")));
    }

    @Test
    void readinessIsUpWithTheBoundPeerWirePort() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("seeder"))
                .body("checks.find { it.name == 'seeder' }.data.peerPort", equalTo(session.peerPort()))
                .body("checks.find { it.name == 'seeder' }.data.stateDirWritable", equalTo(true));
        assertThat(session.peerPort()).isPositive();
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsExposeTheSeedersSeries() {
        Api.awaitChecked(Api.add(Fixtures.torrent(Fixtures.ALICE), null));
        System.gc(); // series computed from the torrent list must survive collection
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("bitquark_seeder_torrents{state=\"seeding\"} 1.0")
                .contains("bitquark_seeder_torrents{state=\"checking\"} 0.0")
                .contains("bitquark_seeder_checks_total{result=\"full\"}")
                .contains("bitquark_seeder_uploaded_bytes_total 0.0")
                .contains("bitquark_seeder_upload_rate_bytes 0.0")
                .contains("bitquark_seeder_peers ")
                .contains("bitquark_seeder_peers_disconnected_total{")
                .contains("bitquark_seeder_requests_rejected_total{");
        assertThat(metrics.lines().filter(l -> l.startsWith("bitquark_seeder_")))
                .noneMatch(l -> l.endsWith("NaN"));
    }

    @Test
    void theOpenApiDocumentDescribesTheTorrentsApi() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/api/torrents'.post", notNullValue())
                .body("paths.'/api/torrents'.get.parameters.name", hasItem("limit"))
                .body("paths.'/api/torrents/{infoHash}'.get", notNullValue())
                .body("paths.'/api/torrents/{infoHash}'.delete.parameters.name", hasItem("deleteData"))
                .body("paths.'/api/torrents/{infoHash}/pause'.post", notNullValue())
                .body("paths.'/api/torrents/{infoHash}/resume'.post", notNullValue());
    }
}

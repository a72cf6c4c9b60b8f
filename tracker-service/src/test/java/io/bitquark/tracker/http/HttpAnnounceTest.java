package io.bitquark.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.ScrapeResponse;
import io.bitquark.protocol.tracker.ScrapeStats;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.TrackerResponseParser;
import io.bitquark.tracker.TrackerClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BEP 3 / 23 / 7 / 48 conformance of the HTTP tracker, on the in-memory store. */
@QuarkusTest
class HttpAnnounceTest {

    static final AtomicInteger SWARMS = new AtomicInteger();

    @TestHTTPResource("/")
    URL base;

    TrackerClient tracker;
    byte[] swarm;

    @BeforeEach
    void fresh() {
        tracker = new TrackerClient(base.toString());
        swarm = TrackerClient.bytes20("http-swarm", SWARMS.incrementAndGet());
    }

    @Test
    void answersWithIntervalMinIntervalAndCompactPeersByDefault() throws Exception {
        tracker.started(swarm, 1, 100);
        HttpResponse<byte[]> raw = tracker.get(io.bitquark.protocol.tracker.TrackerUrls.announce(
                base + "announce", TrackerClient.request(swarm, 2, 100).build()));
        BDictionary body = (BDictionary) BencodeDecoder.strict().decodeValue(raw.body());
        assertThat(body.getLong("interval")).isEqualTo(1800);
        assertThat(body.getLong("min interval")).isEqualTo(900);
        assertThat(body.getString("peers").bytes()).containsExactly(127, 0, 0, 1, (10001 >> 8) & 0xff, 10001 & 0xff);
        assertThat(body.getLong("incomplete")).isEqualTo(2);
    }

    @Test
    void theDictionaryFormNamesPeersUnlessNoPeerIdIsSet() throws Exception {
        tracker.started(swarm, 1, 100);
        AnnounceResponse dict = tracker.announceOk(
                TrackerClient.request(swarm, 2, 100).compact(false).build());
        Peer peer = dict.peers().get(0);
        assertThat(peer.peerId())
                .hasValueSatisfying(id -> assertThat(id).isEqualTo(TrackerClient.bytes20("-BQ0100-", 1)));
        assertThat(peer.port()).isEqualTo(10001);

        HttpResponse<byte[]> raw = tracker.get(io.bitquark.protocol.tracker.TrackerUrls.announce(
                base + "announce",
                TrackerClient.request(swarm, 2, 100)
                        .compact(false)
                        .noPeerId(true)
                        .build()));
        BDictionary body = (BDictionary) BencodeDecoder.strict().decodeValue(raw.body());
        BDictionary first = (BDictionary) ((BList) body.get("peers")).get(0);
        assertThat(first.containsKey("peer id")).isFalse();
        assertThat(first.getText("ip")).isEqualTo("127.0.0.1");
    }

    @Test
    void ipv6PeersComeInPeers6() {
        tracker.announceOk(TrackerClient.request(swarm, 1, 100)
                .event(AnnounceEvent.STARTED)
                .ip("2001:db8::1")
                .build());
        AnnounceResponse r =
                tracker.announceOk(TrackerClient.request(swarm, 2, 100).build());
        assertThat(r.peers()).singleElement().satisfies(p -> {
            assertThat(p.addressText()).isEqualTo("2001:db8:0:0:0:0:0:1");
            assertThat(p.port()).isEqualTo(10001);
        });
    }

    @Test
    void seedersAreNotSentSeeders() {
        tracker.started(swarm, 1, 0);
        tracker.started(swarm, 2, 0);
        tracker.started(swarm, 3, 50);
        AnnounceResponse seeder =
                tracker.announceOk(TrackerClient.request(swarm, 1, 0).build());
        assertThat(seeder.peers()).extracting(Peer::port).containsExactly(10003);
        assertThat(seeder.complete()).hasValue(2);
        assertThat(seeder.incomplete()).hasValue(1);
    }

    @Test
    void completedCountsOnceAndStoppedRemovesThePeer() throws Exception {
        tracker.started(swarm, 1, 10);
        tracker.announceOk(TrackerClient.request(swarm, 1, 0)
                .event(AnnounceEvent.COMPLETED)
                .build());
        tracker.announceOk(TrackerClient.request(swarm, 1, 0)
                .event(AnnounceEvent.COMPLETED)
                .build());
        assertThat(scrape(swarm).downloaded()).isEqualTo(1);
        assertThat(scrape(swarm).complete()).isEqualTo(1);
        tracker.announceOk(
                TrackerClient.request(swarm, 1, 0).event(AnnounceEvent.STOPPED).build());
        assertThat(scrape(swarm).complete()).isZero();
        assertThat(tracker.started(swarm, 2, 10).peers()).isEmpty();
    }

    @Test
    void numwantDefaultsTo50AndIsClampedTo200() {
        for (int p = 1; p <= 260; p++) {
            tracker.announceOk(TrackerClient.request(swarm, p, 10).numWant(0).build());
        }
        assertThat(tracker.announceOk(TrackerClient.request(swarm, 999, 10).build())
                        .peers())
                .hasSize(50);
        assertThat(tracker.announceOk(TrackerClient.request(swarm, 999, 10)
                                .numWant(10_000)
                                .build())
                        .peers())
                .hasSize(200);
        Set<Integer> ports = new HashSet<>();
        tracker.announceOk(TrackerClient.request(swarm, 999, 10).numWant(5).build())
                .peers()
                .forEach(p -> ports.add(p.port()));
        assertThat(ports).hasSize(5);
    }

    @Test
    void scrapeAnswersSeveralInfoHashes() throws Exception {
        byte[] other = TrackerClient.bytes20("http-other", SWARMS.incrementAndGet());
        tracker.started(swarm, 1, 0);
        tracker.started(other, 1, 5);
        tracker.started(other, 2, 5);
        String query = "info_hash=" + TrackerClient.pct(swarm) + "&info_hash=" + TrackerClient.pct(other);
        ScrapeResponse r = (ScrapeResponse) TrackerResponseParser.parseScrape(
                tracker.get("/scrape?" + query).body());
        assertThat(r.files()).hasSize(2);
        assertThat(find(r.files(), swarm).complete()).isEqualTo(1);
        assertThat(find(r.files(), other).incomplete()).isEqualTo(2);
    }

    @Test
    void aFullScrapeIsRefusedByDefault() {
        assertThat(failure(tracker.get("/scrape"))).isEqualTo("full scrape is disabled on this tracker");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing info_hash     | peer_id=-BQ0100-123456789012&port=1&uploaded=0&downloaded=0&left=0 | info_hash",
                "short info_hash       | info_hash=abc&peer_id=-BQ0100-123456789012&port=1&uploaded=0&downloaded=0&left=0 | info_hash",
                "missing peer_id       | info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A&port=1&uploaded=0&downloaded=0&left=0 | peer_id",
                "long peer_id          | info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A&peer_id=-BQ0100-1234567890123&port=1&uploaded=0&downloaded=0&left=0 | peer_id",
                "port 0                | info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A&peer_id=-BQ0100-123456789012&port=0&uploaded=0&downloaded=0&left=0 | port",
                "port 65536            | info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A&peer_id=-BQ0100-123456789012&port=65536&uploaded=0&downloaded=0&left=0 | port",
                "negative left         | info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A&peer_id=-BQ0100-123456789012&port=1&uploaded=0&downloaded=0&left=-1 | left",
                "non-numeric uploaded  | info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A&peer_id=-BQ0100-123456789012&port=1&uploaded=x&downloaded=0&left=0 | uploaded",
                "negative numwant      | info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A&peer_id=-BQ0100-123456789012&port=1&uploaded=0&downloaded=0&left=0&numwant=-5 | numwant",
                "non-numeric numwant   | info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A&peer_id=-BQ0100-123456789012&port=1&uploaded=0&downloaded=0&left=0&numwant=lots | numwant",
                "unknown event         | info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A&peer_id=-BQ0100-123456789012&port=1&uploaded=0&downloaded=0&left=0&event=exploded | event",
            })
    void badInputGetsABencodedFailureWithStatus200(String name, String query, String mentions) {
        HttpResponse<byte[]> response = tracker.get("/announce?" + query);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(failure(response)).contains(mentions.trim());
    }

    @Test
    void anOversizedQueryGetsABencodedFailureNotA414() {
        HttpResponse<byte[]> response = tracker.get("/announce?info_hash=" + "a".repeat(20_000));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(failure(response)).contains("longer than 4096");
    }

    static String failure(HttpResponse<byte[]> response) {
        AnnounceResult r = TrackerClient.parse(response);
        assertThat(r).isInstanceOf(TrackerFailure.class);
        return ((TrackerFailure) r).reason();
    }

    ScrapeStats scrape(byte[] infoHash) throws Exception {
        ScrapeResponse r = (ScrapeResponse) TrackerResponseParser.parseScrape(
                tracker.get("/scrape?info_hash=" + TrackerClient.pct(infoHash)).body());
        return find(r.files(), infoHash);
    }

    static ScrapeStats find(List<ScrapeStats> files, byte[] infoHash) {
        return files.stream()
                .filter(f -> java.util.Arrays.equals(f.infoHash(), infoHash))
                .findFirst()
                .orElseThrow();
    }
}

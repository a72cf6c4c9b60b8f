package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.TrackerResponseException;
import io.bitquark.protocol.tracker.TrackerResponseParser;
import io.bitquark.protocol.tracker.TrackerUrls;
import io.bitquark.testsupport.FreePorts;
import io.bitquark.testsupport.RedisServerProcess;
import io.bitquark.testsupport.ServiceJarProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged tracker-service as a child process on free loopback ports, its swarms in memory or in a real
 * Redis. Failsafe passes the jar's path as {@value #JAR_PROPERTY}.
 */
public final class TrackerServiceProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "bitquark.it.tracker-jar";
    /** The port a fake leecher claims; nobody listens there, and it leaves the swarm at once. */
    static final int FAKE_LEECHER_PORT = 40000;
    /** How long a seed's announce may take to show on the tracker. */
    static final Duration ANNOUNCE_WAIT = Duration.ofSeconds(30);

    private final int udpPort;
    private final ServiceJarProcess process;
    private final LocalHttp http;
    private final int httpPort;

    private TrackerServiceProcess(int httpPort, int udpPort, ServiceJarProcess process) {
        this.httpPort = httpPort;
        this.udpPort = udpPort;
        this.process = process;
        this.http = new LocalHttp(httpPort, process);
    }

    /** A tracker that keeps its swarms in memory. */
    public static TrackerServiceProcess start() {
        return start(Map.of("bitquark.tracker.store", "memory"));
    }

    /** A tracker that keeps its swarms in {@code redis}. */
    public static TrackerServiceProcess startWithRedis(RedisServerProcess redis) {
        return start(Map.of("bitquark.tracker.store", "redis", "quarkus.redis.hosts", redis.uri()));
    }

    /**
     * A tracker that keeps its swarms in memory and listens on every address (HTTP and UDP), for clients in a
     * {@link NetworkNamespace} that reach it at the namespace's host address.
     */
    public static TrackerServiceProcess startOnEveryAddress() {
        return start(Map.of("bitquark.tracker.store", "memory"), "0.0.0.0");
    }

    private static TrackerServiceProcess start(Map<String, String> store) {
        return start(store, "127.0.0.1");
    }

    private static TrackerServiceProcess start(Map<String, String> store, String host) {
        int httpPort = FreePorts.tcp();
        int udpPort = FreePorts.udp();
        Map<String, String> properties = new LinkedHashMap<>(store);
        properties.put("quarkus.http.host", host);
        properties.put("bitquark.tracker.udp.host", host);
        properties.put("bitquark.tracker.udp.port", Integer.toString(udpPort));
        properties.put("bitquark.tracker.access-log", "false");
        ServiceJarProcess process = ServiceJarProcess.start(
                "tracker-service",
                ServiceJarProcess.jar(
                        JAR_PROPERTY, "package it first (./mvnw package -pl tracker-service -am -DskipTests)"),
                httpPort,
                properties,
                "/q/health/ready",
                Duration.ofSeconds(90));
        return new TrackerServiceProcess(httpPort, udpPort, process);
    }

    public String httpAnnounceUrl() {
        return http.baseUrl() + "/announce";
    }

    /** The HTTP announce URL at {@code host}, an address of this machine other than loopback. */
    public String httpAnnounceUrl(String host) {
        return "http://" + host + ":" + httpPort + "/announce";
    }

    public String udpAnnounceUrl() {
        return "udp://127.0.0.1:" + udpPort + "/announce";
    }

    /**
     * The peers a fresh leecher is told about: a tracker never sends seeders to a seed, so it announces as a
     * leecher, over HTTP, and sends {@code stopped} right after so that it does not stay in the swarm.
     */
    public List<Peer> peersSeenByALeecher(byte[] infoHash) {
        byte[] peerId = PeerId.generate().bytes();
        AnnounceResult started = announce(AnnounceRequest.builder(infoHash, peerId, FAKE_LEECHER_PORT)
                .left(1 << 20)
                .numWant(50)
                .event(AnnounceEvent.STARTED)
                .build());
        announce(AnnounceRequest.builder(infoHash, peerId, FAKE_LEECHER_PORT)
                .left(1 << 20)
                .event(AnnounceEvent.STOPPED)
                .build());
        if (!(started instanceof AnnounceResponse response)) {
            throw new AssertionError("the tracker refused a leecher's announce: " + started);
        }
        return response.peers();
    }

    private AnnounceResult announce(AnnounceRequest request) {
        byte[] body = http.get(TrackerUrls.announce(httpAnnounceUrl(), request)).body();
        try {
            return TrackerResponseParser.parseAnnounce(body);
        } catch (TrackerResponseException e) {
            throw new AssertionError("not an announce response: " + new String(body, StandardCharsets.ISO_8859_1), e);
        }
    }

    /**
     * Waits until a leecher of {@code infoHash} is told about {@code seed}, which {@code /api/stats} then counts
     * as the swarm's one seeder.
     */
    public void awaitListed(byte[] infoHash, Peer seed) {
        awaitAnnounced(infoHash, seed);
        assertThat(seeders(infoHash)).as("seeders in /api/stats").isEqualTo(1);
    }

    /** Waits until a leecher of {@code infoHash} is told about {@code peer}: its {@code started} announce is in. */
    public void awaitAnnounced(byte[] infoHash, Peer peer) {
        await("the started announce of " + peer)
                .atMost(ANNOUNCE_WAIT)
                .untilAsserted(() -> assertThat(peersSeenByALeecher(infoHash)).contains(peer));
    }

    /** Asserts, without waiting, that the tracker has forgotten {@code seed}: a leecher is not told about it. */
    public void assertForgotten(byte[] infoHash, Peer seed) {
        assertThat(peersSeenByALeecher(infoHash)).doesNotContain(seed);
        assertThat(seeders(infoHash)).as("seeders in /api/stats").isZero();
    }

    /** The seeders {@code /api/stats} counts in the swarm of {@code infoHash} (0 for a swarm it does not list). */
    public long seeders(byte[] infoHash) {
        JsonNode stats = http.json("/api/stats?limit=500");
        String hex = HexFormat.of().formatHex(infoHash);
        for (JsonNode swarm : stats.get("swarms")) {
            if (swarm.get("infoHash").asText().equalsIgnoreCase(hex)) {
                return swarm.get("seeders").asLong();
            }
        }
        return 0;
    }

    @Override
    public void close() {
        process.close();
    }
}

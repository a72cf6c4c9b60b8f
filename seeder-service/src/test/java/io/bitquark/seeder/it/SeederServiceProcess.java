package io.bitquark.seeder.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.testsupport.FreePorts;
import io.bitquark.testsupport.ServiceJarProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged seeder-service ({@code java -jar quarkus-run.jar}, prod profile) as a child process: REST on a
 * free loopback port, the peer wire on 127.0.0.1, data and state in the directories a test gives. Failsafe
 * passes the jar's path as {@value #JAR_PROPERTY}. Announcing is off unless {@link Options#announceIp} is set.
 * {@link #close()} is a graceful shutdown (SIGTERM, as {@code kill} or Kubernetes send it).
 */
public final class SeederServiceProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "bitquark.it.seeder-jar";
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** How long a torrent of a few MiB may take to be checked and served on a loaded machine. */
    static final Duration STATE_WAIT = Duration.ofSeconds(60);

    private final ServiceJarProcess process;
    private final LocalHttp http;
    private final int peerPort;
    private final String announceIp;
    private final int announcePort;

    private SeederServiceProcess(
            ServiceJarProcess process, int httpPort, int peerPort, String announceIp, int announcePort) {
        this.process = process;
        this.http = new LocalHttp(httpPort, process);
        this.peerPort = peerPort;
        this.announceIp = announceIp;
        this.announcePort = announcePort;
    }

    /** A seeder whose content is under {@code dataRoot} and whose torrents are kept in {@code stateDir}. */
    public static Options with(Path dataRoot, Path stateDir) {
        return new Options(dataRoot, stateDir);
    }

    public static final class Options {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private int peerPort = FreePorts.tcp();
        private int peerPortLast = peerPort;

        private Options(Path dataRoot, Path stateDir) {
            properties.put("quarkus.http.host", "127.0.0.1");
            properties.put("bitquark.seeder.data-root", dataRoot.toString());
            properties.put("bitquark.seeder.state-dir", stateDir.toString());
            properties.put("bitquark.seeder.peer-host", "127.0.0.1");
            properties.put("bitquark.seeder.announce.enabled", "false");
        }

        /** The peer-wire port range tried (by default one free port, tried alone). */
        Options peerPorts(int first, int last) {
            this.peerPort = first;
            this.peerPortLast = last;
            return this;
        }

        /** Announces to the torrents' trackers, giving {@code ip} as the seed's address (the seed's {@code --ip}). */
        Options announceIp(String ip) {
            properties.put("bitquark.seeder.announce.enabled", "true");
            properties.put("bitquark.seeder.announce-ip", ip);
            return this;
        }

        /** The port announced instead of the bound peer-wire port (a NAT or a Service in front of the seeder). */
        Options announcePort(int port) {
            properties.put("bitquark.seeder.announce-port", Integer.toString(port));
            return this;
        }

        public Options property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Starts the seeder and waits until {@code /q/health/ready} answers 200; fails with its log otherwise. */
        public SeederServiceProcess start() {
            Map<String, String> all = new LinkedHashMap<>(properties);
            all.put("bitquark.seeder.peer-port", Integer.toString(peerPort));
            all.put("bitquark.seeder.peer-port-last", Integer.toString(peerPortLast));
            int httpPort = FreePorts.tcp();
            ServiceJarProcess process = ServiceJarProcess.start(
                    "seeder-service",
                    ServiceJarProcess.jar(
                            JAR_PROPERTY, "package it first (./mvnw package -pl seeder-service -am -DskipTests)"),
                    httpPort,
                    all,
                    "/q/health/ready",
                    START_TIMEOUT);
            String announcePort = properties.get("bitquark.seeder.announce-port");
            return new SeederServiceProcess(
                    process,
                    httpPort,
                    peerPort,
                    properties.get("bitquark.seeder.announce-ip"),
                    announcePort == null ? peerPort : Integer.parseInt(announcePort));
        }
    }

    /** The first peer-wire port configured (the bound one is on the dashboard). */
    public int peerPort() {
        return peerPort;
    }

    /** The seed as trackers list it: its announce-ip, and its announce-port or else its peer-wire port. */
    Peer announcedPeer() {
        if (announceIp == null) {
            throw new IllegalStateException("this seeder does not announce");
        }
        try {
            return Peer.of(InetAddress.getByName(announceIp), announcePort);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Adds {@code content} (its data path is its name) and waits until it is seeding. */
    JsonNode seed(SeedContent content) {
        add(content.torrent(), content.name());
        return awaitState(content.id(), "seeding");
    }

    /** Adds a .torrent to seed from {@code dataPath} under the data root; returns the torrent's state (201). */
    public JsonNode add(Path torrent, String dataPath) {
        HttpRequest request = http.request("/api/torrents?dataPath=" + query(dataPath))
                .header("Content-Type", "application/x-bittorrent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(read(torrent)))
                .build();
        return LocalHttp.parse(http.body(http.send(request), 201));
    }

    private static String query(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode torrents() {
        return http.json("/api/torrents");
    }

    public JsonNode torrent(String id) {
        return http.json("/api/torrents/" + id);
    }

    /** Waits until torrent {@code id} is in {@code state}; fails with its last state and the seeder's log. */
    public JsonNode awaitState(String id, String state) {
        return awaitState(id, state, STATE_WAIT);
    }

    /** Waits at most {@code wait} until torrent {@code id} is in {@code state}. */
    JsonNode awaitState(String id, String state, Duration wait) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            await().atMost(wait).pollInterval(Duration.ofMillis(200)).until(() -> {
                last.set(torrent(id));
                return state.equals(last.get().path("state").asText());
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "torrent " + id + " did not become " + state + " within " + wait + ": " + last.get() + "\n"
                            + process.logTail(),
                    e);
        }
        return last.get();
    }

    /** Adds a .torrent to download into {@code dataPath} under the data root; returns the torrent's state (201). */
    JsonNode download(Path torrent, String dataPath) {
        HttpRequest request = http.request("/api/torrents?download=true&dataPath=" + query(dataPath))
                .header("Content-Type", "application/x-bittorrent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(read(torrent)))
                .build();
        return LocalHttp.parse(http.body(http.send(request), 201));
    }

    /** Adds a .torrent to the seed pool ({@code POST /pool/torrents}) with replica count {@code replicas}. */
    String poolAdd(Path torrent, int replicas) {
        HttpRequest request = http.request("/pool/torrents?replicas=" + replicas)
                .header("Content-Type", "application/x-bittorrent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(read(torrent)))
                .build();
        HttpResponse<byte[]> response = http.send(request);
        http.body(response, 202);
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** Drains member {@code id} ({@code POST /pool/members/{id}/drain}), or with {@code drained} false undrains it. */
    void poolDrain(String id, boolean drained) {
        HttpRequest.Builder request = http.request("/pool/members/" + id + "/drain");
        http.body(
                http.send((drained ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.DELETE()).build()),
                204);
    }

    /** The data of the pool's readiness check in {@code /q/health/ready} ({@code storeUp}, {@code settled}, ...). */
    JsonNode poolHealth() {
        for (JsonNode check : http.json("/q/health/ready").path("checks")) {
            if ("pool".equals(check.path("name").asText())) {
                return check.path("data");
            }
        }
        throw new AssertionError("no pool check in /q/health/ready");
    }

    /** A GET of this seeder's API as JSON ({@code /pool/torrents}, ...); fails unless it answers 200. */
    JsonNode json(String path) {
        return http.json(path);
    }

    /** Gives torrent {@code id} peers ({@code host:port}) to dial; returns the answer of {@code POST .../peers}. */
    JsonNode addPeers(String id, String... peers) {
        String body = LocalHttp.JSON
                .createObjectNode()
                .set("peers", LocalHttp.JSON.valueToTree(java.util.List.of(peers)))
                .toString();
        HttpRequest request = http.request("/api/torrents/" + id + "/peers")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return LocalHttp.parse(http.body(http.send(request), 200));
    }

    /**
     * A crash: SIGKILL (what {@link ProcessHandle#destroyForcibly()} sends), no shutdown hook runs, nothing is
     * flushed or saved. Waits until the process is gone.
     */
    void kill() {
        ProcessHandle.of(process.pid()).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        process.close();
    }

    void delete(String id) {
        http.body(http.send(http.request("/api/torrents/" + id).DELETE().build()), 204);
    }

    JsonNode pause(String id) {
        return LocalHttp.parse(http.body(
                http.send(http.request("/api/torrents/" + id + "/pause")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build()),
                200));
    }

    JsonNode resume(String id) {
        return LocalHttp.parse(http.body(
                http.send(http.request("/api/torrents/" + id + "/resume")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build()),
                200));
    }

    String dashboard() {
        return http.text("/");
    }

    /** The value of one Prometheus series of {@code /q/metrics}, e.g. {@code bitquark_seeder_checks_total{result="full"}}. */
    OptionalDouble metric(String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(http.text("/q/metrics"));
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    /** The lines of {@code /q/metrics} of the series {@code name}, for failure messages. */
    String metricsNamed(String name) {
        return http.text("/q/metrics")
                .lines()
                .filter(line -> line.startsWith(name))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    String logTail() {
        return process.logTail();
    }

    /**
     * Graceful shutdown: SIGTERM, then waits for the process to end; fails unless Quarkus reports a clean stop
     * (a process that had to be killed never writes it).
     */
    void stopGracefully() {
        process.close();
        String tail = process.logTail();
        if (!tail.contains("bitquark-seeder stopped in")) {
            throw new AssertionError("the seeder did not stop cleanly on SIGTERM:\n" + tail);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}

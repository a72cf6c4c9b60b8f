package io.bitquark.tracker.it;

import io.bitquark.protocol.tracker.ScrapeRequest;
import io.bitquark.protocol.tracker.ScrapeResponse;
import io.bitquark.protocol.tracker.ScrapeResult;
import io.bitquark.protocol.tracker.ScrapeStats;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.TrackerResponseException;
import io.bitquark.protocol.tracker.TrackerResponseParser;
import io.bitquark.protocol.tracker.TrackerUrls;
import io.bitquark.testsupport.FreePorts;
import io.bitquark.testsupport.RedisServerProcess;
import io.bitquark.testsupport.ServiceJarProcess;
import io.bitquark.tracker.TrackerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged tracker ({@code java -jar quarkus-run.jar}) as a child process on free ports, for the
 * integration tests. Failsafe passes the jar's path as the system property {@value #JAR_PROPERTY}. The
 * process's output goes to {@code target/it-logs}; {@link #close()} stops it (SIGTERM, then SIGKILL).
 */
final class TrackerProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "bitquark.it.tracker-jar";
    /** The UDP connection-id key shared by every replica a test starts. */
    static final String SHARED_SECRET = "it-secret-0123456789abcdef-ABCDE";
    /** How long a request to the tracker may take before the test calls it unanswered. */
    static final Duration ANSWER_BOUND = Duration.ofSeconds(5);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final int httpPort;
    private final int udpPort;
    private final ServiceJarProcess process;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_BOUND)
            .build();

    private TrackerProcess(String name, int httpPort, int udpPort, ServiceJarProcess process) {
        this.name = name;
        this.httpPort = httpPort;
        this.udpPort = udpPort;
        this.process = process;
    }

    /** Options for one tracker process; every option becomes a {@code -D} system property. */
    static final class Options {
        private final String name;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Options(String name) {
            this.name = name;
            properties.put("bitquark.tracker.access-log", "false");
            properties.put("bitquark.tracker.udp.secret", SHARED_SECRET);
            properties.put("quarkus.http.host", "127.0.0.1");
            properties.put("bitquark.tracker.udp.host", "127.0.0.1");
        }

        /** Swarms in the given Redis. */
        Options redis(RedisServerProcess redis) {
            properties.put("bitquark.tracker.store", "redis");
            properties.put("quarkus.redis.hosts", redis.uri());
            return this;
        }

        /** Swarms in the tracker's memory. */
        Options memory() {
            properties.put("bitquark.tracker.store", "memory");
            return this;
        }

        Options property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Starts the tracker and waits until {@code /q/health/ready} answers 200. */
        TrackerProcess start() {
            return TrackerProcess.start(name, properties, "/q/health/ready");
        }

        /** Starts the tracker and waits only until {@code /q/health/live} answers 200 (it may not be ready). */
        TrackerProcess startLive() {
            return TrackerProcess.start(name, properties, "/q/health/live");
        }
    }

    static Options named(String name) {
        return new Options(name);
    }

    private static TrackerProcess start(String name, Map<String, String> properties, String healthPath) {
        Path jar = ServiceJarProcess.jar(
                JAR_PROPERTY,
                "run the integration tests with './mvnw verify -pl tracker-service', which packages it first");
        int httpPort = FreePorts.tcp();
        int udpPort = FreePorts.udp();
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("bitquark.tracker.udp.port", Integer.toString(udpPort));
        return new TrackerProcess(
                name, httpPort, udpPort, ServiceJarProcess.start(name, jar, httpPort, all, healthPath, START_TIMEOUT));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    String announceUrl() {
        return baseUrl() + "/announce";
    }

    int httpPort() {
        return httpPort;
    }

    int udpPort() {
        return udpPort;
    }

    long pid() {
        return process.pid();
    }

    /** An HTTP tracker client (the unit tests' one) pointed at this process. */
    TrackerClient client() {
        return new TrackerClient(baseUrl());
    }

    /** GET a path with its query; fails when no answer arrives within {@link #ANSWER_BOUND}. */
    HttpResponse<byte[]> get(String pathAndQuery) {
        String url = pathAndQuery.startsWith("http") ? pathAndQuery : baseUrl() + pathAndQuery;
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(ANSWER_BOUND)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(name + " did not answer GET " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The HTTP scrape answer for one swarm: its statistics or the tracker's failure. */
    ScrapeResult scrapeResult(byte[] infoHash) {
        HttpResponse<byte[]> response =
                get(TrackerUrls.scrape(baseUrl() + "/scrape", ScrapeRequest.of(List.of(infoHash))));
        if (response.statusCode() != 200) {
            throw new AssertionError(name + " answered scrape with HTTP " + response.statusCode());
        }
        try {
            return TrackerResponseParser.parseScrape(response.body());
        } catch (TrackerResponseException e) {
            throw new AssertionError(
                    "not a scrape response: " + new String(response.body(), StandardCharsets.ISO_8859_1), e);
        }
    }

    /** The HTTP scrape statistics of one swarm (zeros for a swarm the tracker does not know). */
    ScrapeStats scrape(byte[] infoHash) {
        ScrapeResult result = scrapeResult(infoHash);
        if (result instanceof TrackerFailure f) {
            throw new AssertionError(name + " refused the scrape: " + f.reason());
        }
        List<ScrapeStats> files = ((ScrapeResponse) result).files();
        return files.isEmpty() ? ScrapeStats.of(infoHash, 0, 0, 0) : files.get(0);
    }

    /** The HTTP status of {@code /q/health/ready}. */
    int readiness() {
        return get("/q/health/ready").statusCode();
    }

    /** The last lines of the process's output, for failure messages. */
    String logTail() {
        return process.logTail();
    }

    @Override
    public void close() {
        process.close();
    }
}

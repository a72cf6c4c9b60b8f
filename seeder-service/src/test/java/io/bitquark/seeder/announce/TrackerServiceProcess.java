package io.bitquark.seeder.announce;

import io.bitquark.testsupport.FreePorts;
import io.bitquark.testsupport.ServiceJarProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged tracker-service, swarms in memory, as a child process on free loopback ports. Failsafe
 * passes the jar's path as {@value #JAR_PROPERTY}.
 */
final class TrackerServiceProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "bitquark.tracker.jar";

    private final int httpPort;
    private final int udpPort;
    private final ServiceJarProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TrackerServiceProcess(int httpPort, int udpPort, ServiceJarProcess process) {
        this.httpPort = httpPort;
        this.udpPort = udpPort;
        this.process = process;
    }

    static TrackerServiceProcess start() {
        int httpPort = FreePorts.tcp();
        int udpPort = FreePorts.udp();
        ServiceJarProcess process = ServiceJarProcess.start("tracker-service",
                ServiceJarProcess.jar(JAR_PROPERTY, "package it first (./mvnw package -pl tracker-service -am -DskipTests)"),
                httpPort,
                Map.of("quarkus.http.host", "127.0.0.1",
                        "bitquark.tracker.udp.host", "127.0.0.1",
                        "bitquark.tracker.udp.port", Integer.toString(udpPort),
                        "bitquark.tracker.store", "memory",
                        "bitquark.tracker.access-log", "false"),
                "/q/health/ready", Duration.ofSeconds(90));
        return new TrackerServiceProcess(httpPort, udpPort, process);
    }

    String httpAnnounceUrl() {
        return "http://127.0.0.1:" + httpPort + "/announce";
    }

    String udpAnnounceUrl() {
        return "udp://127.0.0.1:" + udpPort + "/announce";
    }

    /** GET a path of the tracker's HTTP API, as text. */
    String get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException("tracker-service did not answer GET " + path + ":\n" + process.logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}

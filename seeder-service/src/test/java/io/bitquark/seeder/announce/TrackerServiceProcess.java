package io.bitquark.seeder.announce;

import io.bitquark.testsupport.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged tracker-service ({@code java -jar quarkus-run.jar}, swarms in memory) as a child process on
 * free loopback ports. Failsafe passes the jar's path as {@value #JAR_PROPERTY}; the process's output goes
 * to {@code target/it-logs}.
 */
final class TrackerServiceProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "bitquark.tracker.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final int httpPort;
    private final int udpPort;
    private final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TrackerServiceProcess(int httpPort, int udpPort, Path log, Process process) {
        this.httpPort = httpPort;
        this.udpPort = udpPort;
        this.log = log;
        this.process = process;
    }

    static TrackerServiceProcess start() throws IOException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no tracker-service jar at -D" + JAR_PROPERTY + "=" + jar
                    + ": package it first (./mvnw package -pl tracker-service -am -DskipTests)");
        }
        int httpPort = FreePorts.tcp();
        int udpPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udpPort = probe.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + httpPort,
                "-Dbitquark.tracker.udp.host=127.0.0.1", "-Dbitquark.tracker.udp.port=" + udpPort,
                "-Dbitquark.tracker.store=memory", "-Dbitquark.tracker.access-log=false", "-jar", jar);
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("tracker-service-" + httpPort + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TrackerServiceProcess tracker = new TrackerServiceProcess(httpPort, udpPort, log, process);
        try {
            tracker.awaitReady();
        } catch (RuntimeException | Error e) {
            tracker.close();
            throw e;
        }
        return tracker;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("tracker-service exited at start-up:\n" + logTail());
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // the HTTP port opens last
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("tracker-service was not ready within " + START_TIMEOUT + ":\n" + logTail());
    }

    String httpAnnounceUrl() {
        return "http://127.0.0.1:" + httpPort + "/announce";
    }

    String udpAnnounceUrl() {
        return "udp://127.0.0.1:" + udpPort + "/announce";
    }

    /** GET a path of the tracker's HTTP API. */
    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("tracker-service did not answer GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

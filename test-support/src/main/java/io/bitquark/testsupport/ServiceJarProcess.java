package io.bitquark.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A packaged Quarkus service ({@code java -jar quarkus-run.jar}) as a child process, for integration tests.
 * Every property becomes a {@code -D} system property, and the HTTP port is {@code quarkus.http.port}. The
 * output goes to {@code target/it-logs/<name>-<port>.log}. {@link #start} returns once a health path
 * answers 200 on 127.0.0.1; {@link #close()} stops the process (SIGTERM, then SIGKILL), and a shutdown
 * hook kills it if the test JVM ends first.
 */
public final class ServiceJarProcess implements AutoCloseable {

    private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at |\\.\\.\\. \\d+ more)");

    private static final Duration ANSWER_BOUND = Duration.ofSeconds(5);

    private final String name;
    private final Path log;
    private final Process process;
    private final Thread reaper;

    private ServiceJarProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.reaper = new Thread(process::destroyForcibly, "reap-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** The jar named by the system property {@code property} (set by failsafe); {@code howToBuild} says how to make it. */
    public static Path jar(String property, String howToBuild) {
        String jar = System.getProperty(property);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no jar at -D" + property + "=" + jar + ": " + howToBuild);
        }
        return Path.of(jar);
    }

    /**
     * Starts {@code jar} with a small serial-GC JVM and waits until {@code healthPath} (e.g.
     * {@code /q/health/ready}) on {@code httpPort} answers 200 within {@code startTimeout}.
     */
    public static ServiceJarProcess start(
            String name,
            Path jar,
            int httpPort,
            Map<String, String> properties,
            String healthPath,
            Duration startTimeout) {
        List<String> command =
                new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.add("-Dquarkus.http.port=" + httpPort);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        ServiceJarProcess service;
        try {
            Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(name + "-" + httpPort + ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            service = new ServiceJarProcess(name, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
        try {
            service.awaitHealthy("http://127.0.0.1:" + httpPort + healthPath, startTimeout);
        } catch (RuntimeException | Error e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void awaitHealthy(String url, Duration startTimeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_BOUND).build();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " at start-up:\n" + logTail());
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                        .timeout(ANSWER_BOUND)
                        .GET()
                        .build();
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the HTTP port opens last
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException(name + "'s " + url + " was not UP within " + startTimeout + ":\n" + logTail());
    }

    public long pid() {
        return process.pid();
    }

    /**
     * The last 40 lines of the process's output, for failure messages, without stack frames: a start-up failure's
     * message and its causes stay in view however deep the trace is.
     */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !STACK_FRAME.matcher(line).lookingAt())
                    .toList();
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
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.bitquark.seeder.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitquark.testsupport.FreePorts;
import io.bitquark.testsupport.RedisServerProcess;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real BitTorrent clients run as processes to completion: aria2c, and python3-libtorrent through
 * {@code interop/lt_leech.py}. Each run's output goes to a file in the test's work directory; aria2's log to
 * {@code target/it-logs}.
 */
final class BitTorrentClients {

    /** The system interpreter: the Debian package installs the libtorrent binding for it, not for another python3. */
    static final String PYTHON = "/usr/bin/python3";
    /** How long one client may take for a few MiB on a loaded machine before it is killed. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(120);

    private BitTorrentClients() {}

    /** A client's exit code and everything it printed. */
    record Run(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * aria2c downloads {@code torrent} into {@code saveDir} from the peers its trackers list, stops as soon as it
     * is complete ({@code --seed-time=0}) and verifies every piece ({@code --check-integrity}). No DHT, local
     * peer discovery or peer exchange: the tracker is the only source of peers. aria2 speaks BEP 15 only
     * through its DHT socket ("udp is not supported yet" otherwise), so a {@code udp://} tracker needs the DHT
     * on; with no entry point and a fresh routing table it knows no node, and the tracker stays the only source.
     */
    static Run aria2(Path torrent, Path saveDir, Path work, boolean udpTracker)
            throws IOException, InterruptedException {
        return run(aria2Command(torrent, saveDir, work, udpTracker, List.of()), work.resolve("aria2.out"));
    }

    /**
     * aria2c as {@link #aria2} (an HTTP tracker), with more {@code options} ({@code --max-download-limit=...}),
     * started in the background, so that a test can act while it downloads; {@link Background#await} waits for it.
     */
    static Background aria2InBackground(Path torrent, Path saveDir, Path work, String... options) throws IOException {
        Path output = work.resolve("aria2-" + torrent.getFileName() + ".out");
        Process client = new ProcessBuilder(aria2Command(torrent, saveDir, work, false, List.of(options)))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new Background(client, output);
    }

    /** A client running in the background; closing it kills it. */
    record Background(Process process, Path output) implements AutoCloseable {
        /** Waits for it at most {@link #CLIENT_TIMEOUT} more, killing it then. */
        Run await() throws IOException, InterruptedException {
            return finish(process, output);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> aria2Command(
            Path torrent, Path saveDir, Path work, boolean udpTracker, List<String> options) throws IOException {
        String aria2c = RedisServerProcess.binary("aria2c", "aria2");
        Path log = Files.createDirectories(Path.of("target", "it-logs"))
                .resolve("aria2-" + torrent.getFileName() + ".log");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of(
                aria2c,
                "--seed-time=0",
                "--check-integrity=true",
                "--bt-stop-timeout=" + CLIENT_TIMEOUT.toSeconds() / 2,
                "--bt-enable-lpd=false",
                "--enable-peer-exchange=false",
                "--enable-dht6=false",
                "--disable-ipv6=true",
                "--listen-port=" + FreePorts.tcp(),
                "--file-allocation=none",
                "--dir=" + Files.createDirectories(saveDir),
                "--log=" + log,
                "--log-level=info",
                "--console-log-level=warn",
                "--summary-interval=0",
                "--show-console-readout=false"));
        if (udpTracker) {
            command.addAll(List.of(
                    "--enable-dht=true",
                    "--dht-listen-port=" + FreePorts.udp(),
                    "--dht-file-path=" + work.resolve("dht-" + System.nanoTime() + ".dat")));
        } else {
            command.add("--enable-dht=false");
        }
        command.addAll(options);
        command.add(torrent.toString());
        return command;
    }

    /**
     * python3-libtorrent (uTP off, several connections per IP allowed) downloads {@code torrent} from the peers
     * given as {@code host:port} and from those its trackers list.
     */
    static Run libtorrent(Path torrent, Path saveDir, Path work, String... peers)
            throws IOException, InterruptedException {
        requireLibtorrent();
        Files.createDirectories(saveDir);
        List<String> command = new ArrayList<>(List.of(
                PYTHON,
                script("/interop/lt_leech.py"),
                torrent.toString(),
                saveDir.toString(),
                Long.toString(CLIENT_TIMEOUT.toSeconds() - 10)));
        command.addAll(List.of(peers));
        return run(command, work.resolve("libtorrent.out"));
    }

    /**
     * Starts a python3-libtorrent seed of {@code torrent} whose content is in {@code dir} (hash-checked, no seed
     * mode), uploading at most {@code uploadLimit} bytes per second to each peer set (0: unlimited), loopback
     * included; returns once it seeds. Its listen port is {@link Seed#port()}; closing it kills it.
     */
    static Seed libtorrentSeed(Path torrent, Path dir, Path work, int uploadLimit)
            throws IOException, InterruptedException {
        requireLibtorrent();
        Path output = Files.createTempFile(work, "libtorrent-seed-", ".out");
        Process seed = new ProcessBuilder(
                        PYTHON,
                        script("/interop/lt_leech.py"),
                        "--seed",
                        "--upload-limit",
                        Integer.toString(uploadLimit),
                        torrent.toString(),
                        dir.toString(),
                        Long.toString(CLIENT_TIMEOUT.toSeconds() * 3))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && seed.isAlive()) {
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                JsonNode report = line.startsWith("{") ? LocalHttp.parse(line) : null;
                if (report != null && report.path("seeding").asBoolean()) {
                    return new Seed(seed, report.path("port").asInt());
                }
            }
            Thread.sleep(100);
        }
        seed.destroyForcibly();
        throw new AssertionError("libtorrent did not seed " + torrent + ": " + Files.readString(output));
    }

    /** A running libtorrent seed. */
    record Seed(Process process, int port) implements AutoCloseable {
        String address() {
            return "127.0.0.1:" + port;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Run run(List<String> command, Path output) throws IOException, InterruptedException {
        Process client = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return finish(client, output);
    }

    /** Waits at most {@link #CLIENT_TIMEOUT} for {@code client}, then kills it; its exit code and output. */
    private static Run finish(Process client, Path output) throws IOException, InterruptedException {
        try {
            if (!client.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return new Run(
                        -1, "killed after " + CLIENT_TIMEOUT + ": " + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Run(client.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            client.destroy();
            if (!client.waitFor(10, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }
        }
    }

    /** Fails (never skips), with the command that fixes it, when the libtorrent binding is missing. */
    private static void requireLibtorrent() throws InterruptedException {
        Run probe;
        try {
            Path output = Files.createTempFile("libtorrent-probe", ".out");
            output.toFile().deleteOnExit();
            probe = run(List.of(PYTHON, "-c", "import libtorrent"), output);
        } catch (IOException e) {
            probe = new Run(-1, e.getMessage());
        }
        if (!probe.ok()) {
            throw new AssertionError("python3-libtorrent is not installed for " + PYTHON + ": apt-get install -y "
                    + "python3-libtorrent (./bitquark test installs it when run as root)\n" + probe.output());
        }
    }

    private static String script(String resource) {
        URL url = BitTorrentClients.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("no test resource " + resource);
        }
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Real libtorrent clients (python3-libtorrent 2.0 through {@code interop/lt_leech.py}, TCP only) as child
 * processes: leechers that download from the peers they are given, and seeds of content already on disk.
 */
final class Libtorrent {

    /** The system interpreter: the Debian package installs the libtorrent binding for it. */
    static final String PYTHON = "/usr/bin/python3";
    /** How long a leecher tries; only a download that fails takes this long. */
    static final int TIMEOUT_SECONDS = 90;

    static final String LOOPBACK = "127.0.0.1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Libtorrent() {}

    /** Fails (never skips) with the command that installs python3-libtorrent when it is missing. */
    static void require() {
        String fix = "python3-libtorrent is not installed for " + PYTHON + ": apt-get install -y python3-libtorrent";
        assertThat(new File(PYTHON).canExecute()).as(fix).isTrue();
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import libtorrent")
                    .redirectErrorStream(true)
                    .start();
            assertThat(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0)
                    .as(fix)
                    .isTrue();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(fix, e);
        }
    }

    /** Writes a .torrent into {@code dir} for a client to load; returns its path. */
    static String torrentFile(byte[] torrent, Path dir) {
        try {
            return Files.write(Files.createTempFile(Files.createDirectories(dir), "torrent-", ".torrent"), torrent)
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Downloads {@code source} (a .torrent path or a magnet link) into {@code saveDir} from the peers on these ports. */
    static Report download(String source, Path saveDir, int... ports) {
        try (Client leecher = leecher(source, saveDir, List.of(), ports)) {
            return leecher.report();
        }
    }

    /** Starts a leecher; {@code options} are lt_leech.py's (e.g. {@code --stall 5}). */
    static Client leecher(String source, Path saveDir, List<String> options, int... ports) {
        List<String> command = new ArrayList<>(options);
        command.addAll(List.of(source, saveDir.toString(), String.valueOf(TIMEOUT_SECONDS)));
        for (int port : ports) {
            command.add(LOOPBACK + ":" + port);
        }
        return new Client(command, saveDir);
    }

    /** lt_leech.py's options that make libtorrent require RC4 both ways ("require encryption"). */
    static final List<String> RC4_REQUIRED = List.of("--encryption", "rc4");

    /**
     * Starts a libtorrent seed of {@code torrent} whose content is already in {@code dir}; returns once
     * libtorrent has hash-checked it (no seed mode) and is seeding. Its port is {@link Client#port()}.
     */
    static Client seed(Path torrent, Path dir) {
        return seed(torrent, dir, List.of());
    }

    /** A seed as {@link #seed(Path, Path)}, with lt_leech.py's {@code options} (e.g. {@link #RC4_REQUIRED}). */
    static Client seed(Path torrent, Path dir, List<String> options) {
        List<String> command = new ArrayList<>(options);
        command.addAll(List.of("--seed", torrent.toString(), dir.toString(), String.valueOf(TIMEOUT_SECONDS * 2)));
        Client seed = new Client(command, dir);
        Report first = seed.firstLine();
        assertThat(first.ok()).as("libtorrent seeding %s: %s", torrent, first).isTrue();
        return seed;
    }

    /**
     * What lt_leech.py printed: ok, pieces, total_pieces, hash_fails, bad_hash_messages, failed_bytes, port, error,
     * alerts.
     */
    record Report(JsonNode json) {
        boolean ok() {
            return json.path("ok").asBoolean();
        }

        String error() {
            return json.path("error").asText();
        }

        int pieces() {
            return json.path("pieces").asInt();
        }

        int totalPieces() {
            return json.path("total_pieces").asInt();
        }

        /** Pieces libtorrent received and found corrupt. */
        int hashFails() {
            return json.path("hash_fails").asInt();
        }

        long failedBytes() {
            return json.path("failed_bytes").asLong();
        }

        /** Peers libtorrent dropped for a BEP 52 hash message it found invalid. */
        int badHashMessages() {
            return json.path("bad_hash_messages").asInt();
        }

        /** With {@link #RC4_REQUIRED}: the handshaken peers libtorrent saw RC4-encrypted. */
        int rc4Peers() {
            return json.path("rc4_peers").asInt();
        }

        /** With {@link #RC4_REQUIRED}: the handshaken peers libtorrent saw in plaintext. */
        int plaintextPeers() {
            return json.path("plaintext_peers").asInt();
        }

        /** Asserts that libtorrent completed the download and found no piece it received corrupt. */
        void assertCompleted() {
            assertThat(ok()).as("libtorrent completed: %s", this).isTrue();
            assertThat(hashFails())
                    .as("pieces libtorrent found corrupt: %s", this)
                    .isZero();
        }

        @Override
        public String toString() {
            return json.toString();
        }
    }

    /** One lt_leech.py process; closing it kills the process if it still runs. */
    static final class Client implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;
        private Report first;

        private Client(List<String> arguments, Path dir) {
            List<String> command = new ArrayList<>(List.of(PYTHON, script()));
            command.addAll(arguments);
            try {
                Path logs = Files.createDirectories(dir.toAbsolutePath().getParent());
                out = Files.createTempFile(logs, "libtorrent-", ".out");
                err = Files.createTempFile(logs, "libtorrent-", ".err");
                process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits for the process to end and reads its report. */
        Report report() {
            try {
                if (!process.waitFor(TIMEOUT_SECONDS + 30, TimeUnit.SECONDS)) {
                    close();
                    throw new AssertionError("libtorrent did not finish: " + printed());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return lastLine().orElseThrow(() -> new AssertionError("libtorrent printed no report: " + printed()));
        }

        /** The latest line a running seed printed (it prints again when what it reports changes). */
        Report latest() {
            firstLine();
            return lastLine().orElse(first);
        }

        /** The port a seed listens on. */
        int port() {
            return firstLine().json().path("port").asInt();
        }

        /** Waits for the first line (a seed's "seeding" line, or a report) while the process runs. */
        Report firstLine() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (first == null) {
                first = lastLine().orElse(null);
                if (first == null && (!process.isAlive() || System.nanoTime() > deadline)) {
                    throw new AssertionError("libtorrent printed nothing: " + printed());
                }
                sleep();
            }
            return first;
        }

        private Optional<Report> lastLine() {
            List<String> lines =
                    read(out).lines().filter(l -> l.startsWith("{")).toList();
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Report(JSON.readTree(lines.get(lines.size() - 1))));
            } catch (IOException e) {
                return Optional.empty(); // a line still being written
            }
        }

        private String printed() {
            return read(out) + read(err);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private static String script() {
            try {
                return Path.of(Libtorrent.class
                                .getResource("/interop/lt_leech.py")
                                .toURI())
                        .toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

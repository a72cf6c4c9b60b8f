package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.testsupport.FreePorts;
import io.bitquark.testsupport.RedisServerProcess;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transmission 3.00 downloads from the packaged seeder, byte-identical, both ways a connection can start.
 *
 * <p><b>On its defaults</b> (uTP on, encryption "preferred"), Transmission cannot reach us itself: it opens every
 * tracker peer over uTP first, and cannot fall back to TCP. When the uTP attempt meets silence (nothing listens on the
 * UDP port of a TCP-only peer) its handshake times out after 30 s and the peer is put aside for minutes; when it is
 * refused with a uTP reset, Transmission reconnects over TCP and aborts that connection in the same error handler
 * (its {@code gotError} falls through to {@code tr_handshakeDone(false)}). So the seed dials it, as a libtorrent
 * seed does: Transmission announces first, our seed's {@code started} announce asks for leechers
 * ({@code announce.numwant}), and its dialer opens a TCP connection to Transmission.
 *
 * <p><b>Dialling us over TCP</b> (uTP off), Transmission offers RC4 only in its MSE handshake
 * ({@code crypto_provide 0x02}) and falls back to another RC4 handshake, so it downloads only because the seeder
 * speaks RC4 both ways.
 *
 * <p>Transmission drops every peer in 127.0.0.0/8, so it runs in a {@link NetworkNamespace} of this test's own and
 * reaches the seeder and the tracker (in the test's namespace) at the veth pair's host address: the seeder binds
 * its peer wire there and announces it, and reaches Transmission at the namespace's address. The torrents are v1:
 * Transmission 3.00 refuses a hybrid (an empty dictionary key in its file tree).
 */
@Tag("interop")
class TransmissionDownloadsFromUsIT {

    /** How long Transmission may take for a few MiB on a loaded machine. */
    private static final Duration DOWNLOAD_WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dataRoot;

    @TempDir
    static Path stateDir;

    @TempDir
    static Path torrents;

    static NetworkNamespace namespace;
    static TrackerServiceProcess tracker;
    static SeederServiceProcess seeder;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        assumeTrue(NetworkNamespace.available(), "network namespaces need root and iproute2");
        namespace = NetworkNamespace.create();
        tracker = TrackerServiceProcess.startOnEveryAddress();
        seeder = SeederServiceProcess.with(dataRoot, stateDir)
                .property("bitquark.seeder.peer-host", namespace.hostAddress())
                .announceIp(namespace.hostAddress())
                .start();
    }

    @AfterAll
    static void stop() {
        if (seeder != null) {
            seeder.close();
        }
        if (tracker != null) {
            tracker.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void transmissionOnItsDefaultsDownloadsAV1MultiFileTorrentOnceOurSeedDialsIt() throws Exception {
        SeedContent content = content("transmission-defaults", 66);
        int peerPort = FreePorts.tcp();
        try (Transmission transmission = Transmission.start(work, content, peerPort, List.of())) {
            tracker.awaitAnnounced(content.infoHash(), Peer.of(InetAddress.getByName(namespace.address()), peerPort));
            seeder.seed(content);
            transmission.awaitComplete(content);
        }
        assertThat(seeder.torrent(content.id()).get("uploaded").asLong()).isGreaterThanOrEqualTo(SeedContent.BYTES);
    }

    @Test
    void transmissionDiallingUsOverTcpGetsRc4AndDownloads() throws Exception {
        SeedContent content = content("transmission-dials-us", 67);
        seeder.seed(content);
        tracker.awaitListed(content.infoHash(), seeder.announcedPeer());
        try (Transmission transmission = Transmission.start(work, content, FreePorts.tcp(), List.of("--no-utp"))) {
            transmission.awaitComplete(content);
            assertThat(Files.readString(transmission.peerLog, StandardCharsets.ISO_8859_1))
                    .as("Transmission's peer log: the seeder selected RC4 (crypto_select 0x02) in Transmission's MSE"
                            + " handshake")
                    .contains("crypto select is 2");
        }
        assertThat(seeder.torrent(content.id()).get("uploaded").asLong()).isGreaterThanOrEqualTo(SeedContent.BYTES);
    }

    private SeedContent content(String name, long seed) throws Exception {
        return SeedContent.create(
                dataRoot,
                torrents,
                name,
                seed,
                MetaVersion.V1,
                List.of(tracker.httpAnnounceUrl(namespace.hostAddress())));
    }

    /**
     * A {@code transmission-daemon} in the namespace, on its defaults but for the given options, with its peer port
     * {@code peerPort}, adding {@code content}'s torrent from its watch directory. {@link #close} stops it and copies
     * its logs to {@code target/it-logs}.
     */
    private static final class Transmission implements AutoCloseable {
        final Path downloads;
        final Path log;
        final Path peerLog;
        final String name;
        final Process process;

        private Transmission(Path downloads, Path log, Path peerLog, String name, Process process) {
            this.downloads = downloads;
            this.log = log;
            this.peerLog = peerLog;
            this.name = name;
            this.process = process;
        }

        static Transmission start(Path work, SeedContent content, int peerPort, List<String> options) throws Exception {
            Path downloads = Files.createDirectories(work.resolve("downloads"));
            Path watch = Files.createDirectories(work.resolve("watch"));
            Files.copy(content.torrent(), watch.resolve(content.torrent().getFileName()));
            List<String> command = new ArrayList<>(List.of(
                    RedisServerProcess.binary("transmission-daemon", "transmission-daemon"),
                    "--foreground",
                    "--config-dir",
                    Files.createDirectories(work.resolve("config")).toString(),
                    "--port",
                    Integer.toString(FreePorts.tcp()),
                    "--peerport",
                    Integer.toString(peerPort),
                    "--download-dir",
                    downloads.toString(),
                    "--watch-dir",
                    watch.toString(),
                    "--no-dht",
                    "--no-lpd",
                    "--no-portmap",
                    "--logfile",
                    work.resolve("transmission.log").toString(),
                    "--log-debug"));
            command.addAll(options);
            ProcessBuilder builder = new ProcessBuilder(namespace.command(command))
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("transmission.out").toFile());
            builder.environment().put("TR_DEBUG_FD", "1"); // Transmission's peer-level log, to its output
            return new Transmission(
                    downloads,
                    work.resolve("transmission.log"),
                    work.resolve("transmission.out"),
                    content.name(),
                    builder.start());
        }

        /** Waits until every file is saved under its own name with the original's bytes. */
        void awaitComplete(SeedContent content) throws Exception {
            try {
                // Transmission names a file's incomplete data "<name>.part": a file under its own name is complete
                await("Transmission's download")
                        .atMost(DOWNLOAD_WAIT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> !process.isAlive()
                                || content.sha256In(downloads.resolve(name)).equals(content.sha256()));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        "Transmission did not complete; it logged:\n" + tail(log) + "\nits peer log:\n"
                                + handshakes(peerLog) + "\nthe seeder's disconnects:\n"
                                + seeder.metricsNamed("bitquark_seeder_peers_disconnected_total") + "\nthe seeder:\n"
                                + seeder.logTail(),
                        e);
            }
            assertThat(content.sha256In(downloads.resolve(name)))
                    .as("Transmission's files; it logged:\n%s", tail(log))
                    .isEqualTo(content.sha256());
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            if (Files.exists(log)) {
                Files.copy(log, logs.resolve(name + "-transmission.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.exists(peerLog)) {
                Files.copy(
                        peerLog, logs.resolve(name + "-transmission-peers.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Transmission's peer-log lines about connections and handshakes: why it gave up a peer. */
    private static String handshakes(Path peerLog) throws Exception {
        if (!Files.exists(peerLog)) {
            return "(no peer log)";
        }
        List<String> lines = Files.readAllLines(peerLog).stream()
                .filter(line -> line.contains("handshake") || line.contains("peer-io") || line.contains("crypto"))
                .toList();
        return String.join("\n", lines.subList(0, Math.min(120, lines.size())));
    }

    private static String tail(Path log) throws Exception {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}

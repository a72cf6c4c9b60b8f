package io.bitquark.seeder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.testsupport.FreePorts;
import io.bitquark.testsupport.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transmission 3.00 on its defaults (encryption "preferred") downloads from the packaged seeder, byte-identical.
 * Transmission offers RC4 only in its MSE handshake ({@code crypto_provide 0x02}) and falls back to another
 * RC4 handshake, so this holds only because the seeder speaks RC4 both ways.
 *
 * <p>Every setting but one is Transmission's default: uTP is off. Transmission 3.00 opens every tracker peer over uTP
 * first, and cannot fall back to TCP: when the uTP attempt meets silence (nothing listens on the UDP port of a
 * TCP-only peer) its handshake times out after 30 s and the peer is put aside for minutes; when it is refused with a
 * uTP reset, Transmission reconnects over TCP and then aborts that connection in the same error handler (its
 * {@code gotError} falls through to {@code tr_handshakeDone(false)}). Either way it never reaches a TCP-only peer,
 * ours or aria2's, that it found through a tracker.
 *
 * <p>Transmission drops every peer in 127.0.0.0/8, so it runs in a {@link NetworkNamespace} of this test's own and
 * reaches the seeder and the tracker (in the test's namespace) at the veth pair's host address: the seeder binds
 * its peer wire there and announces it. The torrent is v1: Transmission 3.00 refuses a hybrid (an empty
 * dictionary key in its file tree).
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
    void transmissionOnItsDefaultsDownloadsAV1MultiFileTorrentFromUs() throws Exception {
        SeedContent content = SeedContent.create(
                dataRoot,
                torrents,
                "for-transmission",
                66,
                MetaVersion.V1,
                List.of(tracker.httpAnnounceUrl(namespace.hostAddress())));
        seeder.seed(content);
        tracker.awaitListed(content.infoHash(), seeder.announcedPeer());
        Path downloads = Files.createDirectories(work.resolve("downloads"));
        Path watch = Files.createDirectories(work.resolve("watch"));
        Files.copy(content.torrent(), watch.resolve(content.torrent().getFileName()));
        Path log = work.resolve("transmission.log");

        ProcessBuilder builder = new ProcessBuilder(namespace.command(List.of(
                        RedisServerProcess.binary("transmission-daemon", "transmission-daemon"),
                        "--foreground",
                        "--config-dir",
                        Files.createDirectories(work.resolve("config")).toString(),
                        "--port",
                        Integer.toString(FreePorts.tcp()),
                        "--peerport",
                        Integer.toString(FreePorts.tcp()),
                        "--download-dir",
                        downloads.toString(),
                        "--watch-dir",
                        watch.toString(),
                        "--no-dht",
                        "--no-lpd",
                        "--no-portmap",
                        "--no-utp",
                        "--logfile",
                        log.toString(),
                        "--log-debug")))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("transmission.out").toFile());
        builder.environment().put("TR_DEBUG_FD", "1"); // Transmission's peer-level log, to its output
        Process transmission = builder.start();
        try {
            // Transmission names a file's incomplete data "<name>.part": a file under its own name is complete
            await("Transmission's download")
                    .atMost(DOWNLOAD_WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !transmission.isAlive()
                            || content.sha256In(downloads.resolve(content.name()))
                                    .equals(content.sha256()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "Transmission did not complete; it logged:\n" + tail(log) + "\nits peer log:\n"
                            + handshakes(work.resolve("transmission.out")) + "\nthe seeder's disconnects:\n"
                            + seeder.metricsNamed("bitquark_seeder_peers_disconnected_total") + "\nthe seeder:\n"
                            + seeder.logTail(),
                    e);
        } finally {
            transmission.destroy();
            if (!transmission.waitFor(10, TimeUnit.SECONDS)) {
                transmission.destroyForcibly();
            }
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            Files.copy(log, logs.resolve("transmission.log"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(
                    work.resolve("transmission.out"),
                    logs.resolve("transmission-peers.log"),
                    StandardCopyOption.REPLACE_EXISTING);
        }

        assertThat(content.sha256In(downloads.resolve(content.name())))
                .as("Transmission's files; it logged:\n%s", tail(log))
                .isEqualTo(content.sha256());
        assertThat(seeder.torrent(content.id()).get("uploaded").asLong()).isGreaterThanOrEqualTo(SeedContent.BYTES);
        assertThat(Files.readString(work.resolve("transmission.out"), StandardCharsets.ISO_8859_1))
                .as(
                        "Transmission's peer log: the seeder selected RC4 (crypto_select 0x02) in Transmission's MSE handshake")
                .contains("crypto select is 2");
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

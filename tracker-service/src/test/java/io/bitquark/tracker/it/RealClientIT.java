package io.bitquark.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.ScrapeStats;
import io.bitquark.testsupport.FreePorts;
import io.bitquark.testsupport.RedisServerProcess;
import io.bitquark.tracker.TrackerClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real BitTorrent clients (libtorrent through its Python binding, and aria2) announce to the tracker over
 * HTTP and over UDP. The test first registers {@value #FAKE_SEEDERS} seeders on ports where nobody listens;
 * each client, an empty leecher, must be told about exactly those seeders and be counted as the swarm's
 * one leecher, at the address and port it listens on.
 */
@Tag("interop")
class RealClientIT {

    static final int FAKE_SEEDERS = 5;
    /** The system interpreter: the Debian package installs the binding for it, not for another python3 on PATH. */
    static final String PYTHON = "/usr/bin/python3";

    static final Duration CLIENT_WAIT = Duration.ofSeconds(30);
    static final Pattern REPLY =
            Pattern.compile("\"event\": \"reply\", \"num_peers\": (\\d+), \"listen_port\": (\\d+)");

    static TrackerProcess tracker;

    @TempDir
    Path work;

    @BeforeAll
    static void startTracker() {
        tracker = TrackerProcess.named("real-clients").memory().start();
    }

    @AfterAll
    static void stopTracker() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void libtorrentAnnouncingOverHttpGetsTheRegisteredSeedersAndIsCountedAsALeecher() throws Exception {
        libtorrentAnnounces(tracker.announceUrl(), "lt-http");
    }

    @Test
    void libtorrentAnnouncingOverUdpGetsTheRegisteredSeedersAndIsCountedAsALeecher() throws Exception {
        libtorrentAnnounces("udp://127.0.0.1:" + tracker.udpPort() + "/announce", "lt-udp");
    }

    @Test
    void aria2AnnouncingOverHttpLearnsTheRegisteredSeedersAndIsCountedAsALeecher() throws Exception {
        aria2Announces(tracker.announceUrl(), "aria2-http");
    }

    @Test
    void aria2AnnouncingOverUdpLearnsTheRegisteredSeedersAndIsCountedAsALeecher() throws Exception {
        aria2Announces("udp://127.0.0.1:" + tracker.udpPort() + "/announce", "aria2-udp");
    }

    private void libtorrentAnnounces(String announceUrl, String name) throws Exception {
        requireLibtorrent();
        Torrent torrent = torrent(name, announceUrl);
        List<Integer> seederPorts = registerFakeSeeders(torrent.infoHash());
        int listenPort = FreePorts.tcp();
        Path saveDir = Files.createDirectories(work.resolve("save"));
        Process client = new ProcessBuilder(
                        PYTHON,
                        script("libtorrent_announce.py"),
                        torrent.file().toString(),
                        saveDir.toString(),
                        Integer.toString(listenPort),
                        Long.toString(CLIENT_WAIT.toSeconds()))
                .redirectError(work.resolve("libtorrent.err").toFile())
                .start();
        try {
            String line = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(line)
                    .as("libtorrent's report (stderr: %s)", readOrEmpty(work.resolve("libtorrent.err")))
                    .isNotNull();
            Matcher reply = REPLY.matcher(line);
            assertThat(reply.find())
                    .as("libtorrent got a tracker reply: %s", line)
                    .isTrue();
            assertThat(Integer.parseInt(reply.group(1)))
                    .as("peers in the tracker reply")
                    .isEqualTo(FAKE_SEEDERS);
            assertThat(Integer.parseInt(reply.group(2))).isEqualTo(listenPort);

            assertThat(tracker.scrape(torrent.infoHash()))
                    .isEqualTo(ScrapeStats.of(torrent.infoHash(), FAKE_SEEDERS, 0, 1));
            assertThat(peersSeenByALeecher(torrent.infoHash()))
                    .containsAll(seederPorts)
                    .contains(listenPort);
        } finally {
            finish(client);
        }
        ScrapeStats onlyTheTestsLeecherLeft = ScrapeStats.of(torrent.infoHash(), FAKE_SEEDERS, 0, 1);
        Awaitility.await("libtorrent's stopped announce removes it")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(tracker.scrape(torrent.infoHash())).isEqualTo(onlyTheTestsLeecherLeft));
    }

    private void aria2Announces(String announceUrl, String name) throws Exception {
        String aria2c = RedisServerProcess.binary("aria2c", "aria2");
        boolean udp = announceUrl.startsWith("udp:");
        Torrent torrent = torrent(name, announceUrl);
        List<Integer> seederPorts = registerFakeSeeders(torrent.infoHash());
        int listenPort = FreePorts.tcp();
        Path log = work.resolve("aria2.log");
        List<String> command = new ArrayList<>(List.of(
                aria2c,
                "--enable-dht6=false",
                "--bt-enable-lpd=false",
                "--enable-peer-exchange=false",
                "--seed-time=0",
                "--bt-stop-timeout=" + (CLIENT_WAIT.toSeconds() * 2),
                "--listen-port=" + listenPort,
                "--dir=" + Files.createDirectories(work.resolve("save")),
                "--log=" + log,
                "--log-level=debug",
                "--console-log-level=error",
                "--summary-interval=0",
                "--disable-ipv6=true"));
        if (udp) {
            // aria2 speaks BEP 15 only through its DHT socket ("udp is not supported yet" otherwise). With no
            // entry point and a fresh routing table the DHT knows no node, so the tracker stays the only source.
            command.addAll(List.of(
                    "--enable-dht=true",
                    "--dht-listen-port=" + FreePorts.udp(),
                    "--dht-file-path=" + work.resolve("dht.dat")));
        } else {
            command.add("--enable-dht=false");
        }
        command.add(torrent.file().toString());
        Process client = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("aria2.out").toFile())
                .start();
        try {
            Awaitility.await("aria2 announces and learns the seeders")
                    .atMost(CLIENT_WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        assertThat(client.isAlive())
                                .as("aria2c is running (%s)", readOrEmpty(work.resolve("aria2.out")))
                                .isTrue();
                        if (udp) {
                            assertThat(peerCountsInAria2UdpReplies(log))
                                    .as("num_peers of aria2's UDP announce replies")
                                    .isNotEmpty()
                                    .allMatch(n -> n == FAKE_SEEDERS);
                        } else {
                            assertThat(new HashSet<>(peersAddedByAria2(log))).isEqualTo(new HashSet<>(seederPorts));
                        }
                        assertThat(tracker.scrape(torrent.infoHash()))
                                .isEqualTo(ScrapeStats.of(torrent.infoHash(), FAKE_SEEDERS, 0, 1));
                    });
            assertThat(peersSeenByALeecher(torrent.infoHash()))
                    .containsAll(seederPorts)
                    .contains(listenPort);
        } finally {
            client.destroy();
            if (!client.waitFor(15, TimeUnit.SECONDS)) {
                client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Seeders on ports that were free a moment ago, so the clients' connection attempts are simply refused. */
    private static List<Integer> registerFakeSeeders(byte[] infoHash) {
        List<Integer> ports = new ArrayList<>();
        TrackerClient client = tracker.client();
        for (int i = 1; i <= FAKE_SEEDERS; i++) {
            int port = FreePorts.tcp();
            ports.add(port);
            client.announceOk(AnnounceRequest.builder(infoHash, TrackerClient.bytes20("-FAKE00-", i), port)
                    .left(0)
                    .event(AnnounceEvent.STARTED)
                    .build());
        }
        return ports;
    }

    /** The ports of the peers a fresh leecher (announcing last) is given. */
    private static List<Integer> peersSeenByALeecher(byte[] infoHash) {
        List<Integer> ports = new ArrayList<>();
        tracker.client().started(infoHash, 99, 100).peers().stream()
                .map(Peer::port)
                .forEach(ports::add);
        return ports;
    }

    /** The {@code num_peers} aria2 logged for each UDP announce reply ("UDPT received ANNOUNCE reply ..."). */
    private static List<Integer> peerCountsInAria2UdpReplies(Path log) {
        List<Integer> counts = new ArrayList<>();
        Matcher m = Pattern.compile("UDPT received ANNOUNCE reply .*num_peers=(\\d+)")
                .matcher(readOrEmpty(log));
        while (m.find()) {
            counts.add(Integer.parseInt(m.group(1)));
        }
        return counts;
    }

    /** The ports aria2 logged as "Adding peer 127.0.0.1:PORT" after an HTTP tracker reply. */
    private static List<Integer> peersAddedByAria2(Path log) {
        List<Integer> ports = new ArrayList<>();
        Matcher m = Pattern.compile("Adding peer 127\\.0\\.0\\.1:(\\d+)").matcher(readOrEmpty(log));
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    private static void finish(Process client) throws IOException, InterruptedException {
        try (OutputStream stdin = client.getOutputStream()) {
            stdin.write('\n');
        } catch (IOException exited) {
            // nothing left to tell it
        }
        if (!client.waitFor(20, TimeUnit.SECONDS)) {
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A single-file v1 torrent of 32 KiB of seeded random bytes in 16 KiB pieces, written under the temp dir. */
    private Torrent torrent(String name, String announceUrl) throws MetainfoException, IOException {
        byte[] content = new byte[32 * 1024];
        new Random(name.hashCode()).nextBytes(content);
        int pieceLength = 16 * 1024;
        byte[] pieces = new byte[content.length / pieceLength * 20];
        for (int p = 0; p < content.length / pieceLength; p++) {
            MessageDigest sha1 = sha1();
            sha1.update(content, p * pieceLength, pieceLength);
            System.arraycopy(sha1.digest(), 0, pieces, p * 20, 20);
        }
        Metainfo metainfo = MetainfoBuilder.v1(name + ".bin", pieceLength)
                .singleFile(content.length)
                .pieces(pieces)
                .announceTiers(List.of(List.of(announceUrl)))
                .build();
        Path file = work.resolve(name + ".torrent");
        Files.write(file, metainfo.encode());
        return new Torrent(file, metainfo.infoHashV1().orElseThrow().bytes());
    }

    private record Torrent(Path file, byte[] infoHash) {}

    /** Fails, with the command that fixes it, when the libtorrent binding is missing. */
    private static void requireLibtorrent() throws IOException, InterruptedException {
        String fix = "python3-libtorrent is not installed for " + PYTHON + ". Install it with "
                + "'apt-get install -y python3-libtorrent', or run './bitquark test' as root, which installs it.";
        if (!new File(PYTHON).canExecute()) {
            throw new AssertionError(fix);
        }
        Process probe = new ProcessBuilder(PYTHON, "-c", "import libtorrent")
                .redirectErrorStream(true)
                .start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
            throw new AssertionError(fix + "\n" + output);
        }
    }

    private static String script(String name) {
        try {
            return Path.of(RealClientIT.class.getResource(name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

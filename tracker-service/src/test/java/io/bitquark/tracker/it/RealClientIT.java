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
 *
 * <p>Stopping is deterministic: the libtorrent driver pauses the torrent and reports the tracker's answer
 * to the {@code stopped} announce before it removes the torrent, and aria2 gets SIGINT (its graceful
 * shutdown, which announces {@code stopped}) and is waited for; each test checks that the client saw
 * that answer before it checks the scrape.
 */
@Tag("interop")
class RealClientIT {

    static final int FAKE_SEEDERS = 5;
    /** The system interpreter: the Debian package installs the binding for it, not for another python3 on PATH. */
    static final String PYTHON = "/usr/bin/python3";

    static final Duration CLIENT_WAIT = Duration.ofSeconds(30);
    static final Pattern REPLY =
            Pattern.compile("\"event\": \"reply\", \"num_peers\": (\\d+), \"listen_port\": (\\d+)");
    /** The driver's second line once the tracker answered libtorrent's stopped announce. */
    static final String STOPPED_ANSWERED = "{\"event\": \"stopped\", \"answered\": true}";
    /** aria2 1.36's debug-log line for a UDP announce reply. */
    static final Pattern UDP_REPLY = Pattern.compile(
            "UDPT received ANNOUNCE reply .*?event=(\\w+),.*?leechers=(\\d+), seeders=(\\d+), num_peers=(\\d+)");
    /** How long aria2's graceful shutdown (stopped announces included) may take after SIGINT. */
    static final Duration ARIA2_SHUTDOWN = Duration.ofSeconds(30);
    /** Re-announces (after {@code started}) the re-announcing test waits for. */
    static final int REANNOUNCES = 3;
    /**
     * Tags a test that holds only once a peer's identity is its peer id and source address (not its
     * {@code key}, which aria2 renews on each UDP announce).
     */
    static final String NEEDS_IDENTITY_BY_PEER_ID_AND_ADDRESS = "needs-identity-by-peer-id-and-address";

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

    /**
     * aria2 sends a new random {@code key} with every UDP announce, so a tracker that took the key into a
     * peer's identity would count each re-announce as one more leecher and could not match its
     * {@code stopped} to them. With a 2 s interval (and a peer timeout far longer than the test, so that
     * expiry hides nothing) aria2 re-announces several times; every answer must count it as the swarm's
     * one leecher, and its stopped announce must leave none behind.
     *
     * <p>Depends on the peer identity being (peer id, source address), as the announce hot-path rewrite
     * makes it: with the key in the identity this fails with two or more leechers counted.
     */
    @Test
    @Tag(NEEDS_IDENTITY_BY_PEER_ID_AND_ADDRESS)
    void aria2ReannouncingOverUdpWithANewKeyEachTimeIsOnePeerAndLeavesNoLeecherWhenStopped() throws Exception {
        try (TrackerProcess shortInterval = TrackerProcess.named("real-clients-reannounce")
                .memory()
                .property("bitquark.tracker.announce.interval", "2s")
                .property("bitquark.tracker.announce.min-interval", "1s")
                .property("bitquark.tracker.announce.peer-timeout", "600s")
                .start()) {
            Torrent torrent =
                    torrent("aria2-udp-reannounce", "udp://127.0.0.1:" + shortInterval.udpPort() + "/announce");
            ScrapeStats oneLeecher = ScrapeStats.of(torrent.infoHash(), 0, 0, 1);
            Aria2 aria2 = Aria2.start(work, torrent, FreePorts.tcp(), true);
            try {
                Awaitility.await("aria2 re-announces " + REANNOUNCES + " times")
                        .atMost(CLIENT_WAIT)
                        .pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> {
                            aria2.assertRunning();
                            assertThat(aria2.udpReplies())
                                    .as("aria2's UDP announce replies")
                                    .hasSizeGreaterThan(REANNOUNCES);
                        });
                assertThat(aria2.udpReplies())
                        .as("every answer to aria2 counts it as the one leecher and gives it no peer (not"
                                + " itself): a new key on each UDP announce must not make a new peer")
                        .allSatisfy(reply -> {
                            assertThat(reply.leechers())
                                    .as("leechers in %s", reply)
                                    .isEqualTo(1);
                            assertThat(reply.numPeers())
                                    .as("peers in %s", reply)
                                    .isZero();
                        });
                assertThat(shortInterval.scrape(torrent.infoHash()))
                        .as("aria2 counted once after %d re-announces", REANNOUNCES)
                        .isEqualTo(oneLeecher);
                aria2.interrupt();
            } finally {
                aria2.kill();
            }
            aria2.assertStoppedAnswered();
            assertThat(shortInterval.scrape(torrent.infoHash()))
                    .as("aria2's answered stopped announce leaves no leecher behind")
                    .isEqualTo(ScrapeStats.of(torrent.infoHash(), 0, 0, 0));
        }
    }

    private void libtorrentAnnounces(String announceUrl, String name) throws Exception {
        requireLibtorrent();
        Torrent torrent = torrent(name, announceUrl);
        List<Integer> seederPorts = registerFakeSeeders(torrent.infoHash());
        int listenPort = FreePorts.tcp();
        Path saveDir = Files.createDirectories(work.resolve("save"));
        Path stderr = work.resolve("libtorrent.err");
        Process client = new ProcessBuilder(
                        PYTHON,
                        script("libtorrent_announce.py"),
                        torrent.file().toString(),
                        saveDir.toString(),
                        Integer.toString(listenPort),
                        Long.toString(CLIENT_WAIT.toSeconds()))
                .redirectError(stderr.toFile())
                .start();
        BufferedReader report =
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line = report.readLine();
            assertThat(line)
                    .as("libtorrent's report (stderr: %s)", readOrEmpty(stderr))
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

            // A line on stdin: the driver pauses the torrent, waits for the answer to its stopped announce
            // and reports it before it removes the torrent.
            tell(client, "stop");
            String stopped = report.readLine();
            assertThat(stopped)
                    .as("libtorrent's report of its stopped announce (stderr: %s)", readOrEmpty(stderr))
                    .isEqualTo(STOPPED_ANSWERED);
        } finally {
            finish(client);
        }
        assertThat(tracker.scrape(torrent.infoHash()))
                .as("after the tracker answered libtorrent's stopped announce, only the test's leecher is left")
                .isEqualTo(ScrapeStats.of(torrent.infoHash(), FAKE_SEEDERS, 0, 1));
    }

    private void aria2Announces(String announceUrl, String name) throws Exception {
        boolean udp = announceUrl.startsWith("udp:");
        Torrent torrent = torrent(name, announceUrl);
        List<Integer> seederPorts = registerFakeSeeders(torrent.infoHash());
        int listenPort = FreePorts.tcp();
        Aria2 aria2 = Aria2.start(work, torrent, listenPort, udp);
        try {
            Awaitility.await("aria2 announces and learns the seeders")
                    .atMost(CLIENT_WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        aria2.assertRunning();
                        if (udp) {
                            assertThat(aria2.udpReplies())
                                    .as("aria2's UDP announce replies")
                                    .isNotEmpty()
                                    .allMatch(r -> r.numPeers() == FAKE_SEEDERS);
                        } else {
                            assertThat(new HashSet<>(aria2.peersAdded())).isEqualTo(new HashSet<>(seederPorts));
                        }
                        assertThat(tracker.scrape(torrent.infoHash()))
                                .isEqualTo(ScrapeStats.of(torrent.infoHash(), FAKE_SEEDERS, 0, 1));
                    });
            assertThat(peersSeenByALeecher(torrent.infoHash()))
                    .containsAll(seederPorts)
                    .contains(listenPort);
            aria2.interrupt();
        } finally {
            aria2.kill();
        }
        aria2.assertStoppedAnswered();
        if (!udp) {
            // Over UDP aria2 sends a new key with each announce; whether its stopped still finds its entry is
            // aria2ReannouncingOverUdpWithANewKeyEachTimeIsOnePeerAndLeavesNoLeecherWhenStopped's subject.
            assertThat(tracker.scrape(torrent.infoHash()))
                    .as("after the tracker answered aria2's stopped announce, only the test's leecher is left")
                    .isEqualTo(ScrapeStats.of(torrent.infoHash(), FAKE_SEEDERS, 0, 1));
        }
    }

    /**
     * One aria2c process with a debug log under the test's temp dir. It is stopped with SIGINT, its graceful
     * shutdown, which sends {@code stopped} to the tracker; SIGTERM ({@link Process#destroy()}) is an
     * emergency shutdown that sends nothing.
     */
    private record Aria2(Process process, Path log, Path output, boolean udp) {

        static Aria2 start(Path work, Torrent torrent, int listenPort, boolean udp) throws IOException {
            String aria2c = RedisServerProcess.binary("aria2c", "aria2");
            Path log = work.resolve(torrent.name() + "-aria2.log");
            Path output = work.resolve(torrent.name() + "-aria2.out");
            List<String> command = new ArrayList<>(List.of(
                    aria2c,
                    "--enable-dht6=false",
                    "--bt-enable-lpd=false",
                    "--enable-peer-exchange=false",
                    "--seed-time=0",
                    "--bt-stop-timeout=" + (CLIENT_WAIT.toSeconds() * 2),
                    "--listen-port=" + listenPort,
                    "--dir=" + Files.createDirectories(work.resolve(torrent.name() + "-save")),
                    "--log=" + log,
                    "--log-level=debug",
                    "--console-log-level=error",
                    "--summary-interval=0",
                    "--disable-ipv6=true"));
            if (udp) {
                // aria2 speaks BEP 15 only through its DHT socket ("udp is not supported yet" otherwise). With no
                // entry point and a fresh routing table the DHT knows no node, so the tracker stays the only
                // source.
                command.addAll(List.of(
                        "--enable-dht=true",
                        "--dht-listen-port=" + FreePorts.udp(),
                        "--dht-file-path=" + work.resolve(torrent.name() + "-dht.dat")));
            } else {
                command.add("--enable-dht=false");
            }
            command.add(torrent.file().toString());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            return new Aria2(process, log, output, udp);
        }

        void assertRunning() {
            assertThat(process.isAlive())
                    .as("aria2c is running (%s)", readOrEmpty(output))
                    .isTrue();
        }

        /** SIGINT, and waits for aria2's graceful shutdown (its stopped announce included) to end. */
        void interrupt() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                    .as("kill -INT %d", process.pid())
                    .isTrue();
            assertThat(process.waitFor(ARIA2_SHUTDOWN.toSeconds(), TimeUnit.SECONDS))
                    .as("aria2c ends within %s of SIGINT (%s)", ARIA2_SHUTDOWN, readOrEmpty(output))
                    .isTrue();
        }

        /** Ends aria2 at once if it is still running (a failed test). */
        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        /** aria2 logged the tracker's answer to its stopped announce. */
        void assertStoppedAnswered() {
            if (udp) {
                assertThat(udpReplies()).as("aria2's UDP announce replies").anyMatch(r -> r.event()
                        .equals("STOPPED"));
                return;
            }
            String text = readOrEmpty(log);
            int stopped = text.indexOf("&event=stopped");
            assertThat(stopped).as("aria2 sent event=stopped over HTTP").isNotNegative();
            assertThat(text.indexOf("Now processing tracker response.", stopped))
                    .as("aria2 processed the answer to its stopped announce")
                    .isNotNegative();
        }

        /** aria2's log line for each UDP announce reply ("UDPT received ANNOUNCE reply ..."), in order. */
        List<UdpReply> udpReplies() {
            List<UdpReply> replies = new ArrayList<>();
            Matcher m = UDP_REPLY.matcher(readOrEmpty(log));
            while (m.find()) {
                replies.add(new UdpReply(
                        m.group(1),
                        Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4))));
            }
            return replies;
        }

        /** The ports aria2 logged as "Adding peer 127.0.0.1:PORT" after an HTTP tracker reply. */
        List<Integer> peersAdded() {
            List<Integer> ports = new ArrayList<>();
            Matcher m = Pattern.compile("Adding peer 127\\.0\\.0\\.1:(\\d+)").matcher(readOrEmpty(log));
            while (m.find()) {
                ports.add(Integer.parseInt(m.group(1)));
            }
            return ports;
        }
    }

    /** One UDP announce reply as aria2 logged it. */
    private record UdpReply(String event, int leechers, int seeders, int numPeers) {}

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

    private static void tell(Process client, String line) throws IOException {
        OutputStream stdin = client.getOutputStream();
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
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
        return new Torrent(name, file, metainfo.infoHashV1().orElseThrow().bytes());
    }

    private record Torrent(String name, Path file, byte[] infoHash) {}

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

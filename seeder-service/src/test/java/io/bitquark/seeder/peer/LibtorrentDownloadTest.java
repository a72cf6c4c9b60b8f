package io.bitquark.seeder.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.seeder.config.PeerEncryption;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client, libtorrent (python3-libtorrent, TCP only), downloads from the peer-wire server by direct
 * connection, and every byte it saved matches the seeded file.
 */
@Tag("interop")
class LibtorrentDownloadTest {

    /** The system interpreter: the Debian package installs the libtorrent binding for it. */
    private static final String PYTHON = "/usr/bin/python3";

    private static final int TIMEOUT_SECONDS = 120;

    @TempDir
    static Path dir;

    static FileTorrent torrent;

    @BeforeAll
    static void torrent() throws Exception {
        requireLibtorrent();
        Files.createDirectories(dir.resolve("seed"));
        torrent = FileTorrent.create(dir.resolve("seed"), "payload.bin", 6L * 1024 * 1024 + 4321, 256 * 1024, 41);
    }

    @AfterAll
    static void closeTorrent() throws Exception {
        if (torrent != null) {
            torrent.close();
        }
    }

    @Test
    void libtorrentDownloadsASingleFileV1TorrentAndEveryByteMatches() throws Exception {
        Path torrentFile = dir.resolve("payload.torrent");
        Files.write(torrentFile, torrent.metainfo().encode());
        Path saveDir = Files.createDirectories(dir.resolve("from-torrent-file"));
        try (Seed seed = new Seed(torrent)) {
            String output = download(torrentFile.toString(), saveDir, seed.port);
            assertThat(output).contains("\"ok\": true", "\"bytes\": " + torrent.length());
            assertThat(seed.listener.connected.get()).isGreaterThanOrEqualTo(1);
        }
        assertThat(FileTorrent.sha256(saveDir.resolve("payload.bin"))).isEqualTo(torrent.sha256());
    }

    @Test
    void libtorrentStartingFromAMagnetLinkFetchesTheInfoDictionaryOverUtMetadataThenTheData() throws Exception {
        String magnet = "magnet:?xt=urn:btih:" + torrent.id() + "&dn=payload.bin";
        Path saveDir = Files.createDirectories(dir.resolve("from-magnet"));
        try (Seed seed = new Seed(torrent)) {
            String output = download(magnet, saveDir, seed.port);
            assertThat(output).contains("\"ok\": true", "\"bytes\": " + torrent.length());
        }
        assertThat(FileTorrent.sha256(saveDir.resolve("payload.bin"))).isEqualTo(torrent.sha256());
    }

    /**
     * libtorrent's defaults (out_enc_policy = enabled, allowed_enc_level = both, prefer_rc4 off) open every
     * outgoing connection with an encrypted (MSE/PE) handshake; the seed selects plaintext, so the first
     * connection serves the download and no plain-text retry is needed.
     */
    @Test
    void libtorrentWithDefaultEncryptionSettingsDownloadsOverItsFirstConnection() throws Exception {
        Path saveDir = Files.createDirectories(dir.resolve("default-encryption"));
        try (Seed seed = new Seed(torrent)) {
            String output = download(torrentFile("default-encryption"), saveDir, seed.port);
            assertThat(output).contains("\"ok\": true");
            assertThat(seed.listener.connected.get()).isEqualTo(1);
            assertThat(seed.listener.disconnects(DisconnectReason.NOT_A_HANDSHAKE))
                    .isZero();
        }
        assertThat(FileTorrent.sha256(saveDir.resolve("payload.bin"))).isEqualTo(torrent.sha256());
    }

    /** With encryption forced and a plaintext payload allowed, the encrypted handshake is the only way in. */
    @Test
    void libtorrentForcingEncryptionWithAPlaintextPayloadDownloadsEveryByte() throws Exception {
        Path saveDir = Files.createDirectories(dir.resolve("forced-encryption"));
        try (Seed seed = new Seed(torrent)) {
            String output = download(
                    torrentFile("forced-encryption"),
                    saveDir,
                    seed.port,
                    "--setting",
                    "out_enc_policy=0",
                    "--setting",
                    "allowed_enc_level=1");
            assertThat(output).contains("\"ok\": true", "\"bytes\": " + torrent.length());
            assertThat(seed.listener.disconnects(DisconnectReason.NOT_A_HANDSHAKE))
                    .isZero();
        }
        assertThat(FileTorrent.sha256(saveDir.resolve("payload.bin"))).isEqualTo(torrent.sha256());
    }

    /**
     * With {@code encryption = disabled} the seed never selects RC4: a client that allows nothing but an RC4
     * payload is refused ({@code unsupported-encryption}) and never becomes a peer.
     */
    @Test
    void withEncryptionDisabledALibtorrentAllowingOnlyAnRc4PayloadIsRefused() throws Exception {
        Path saveDir = Files.createDirectories(dir.resolve("rc4-only-refused"));
        TestConfigs.Peer disabled = new TestConfigs.Peer();
        disabled.encryption = PeerEncryption.DISABLED;
        try (Seed seed = new Seed(disabled, new TestConfigs.Choking(), torrent)) {
            Result result = run(torrentFile("rc4-only-refused"), saveDir, seed.port, 6, RC4_ONLY);
            assertThat(result.exitValue()).as(result.output()).isNotZero();
            assertThat(seed.listener.disconnects(DisconnectReason.UNSUPPORTED_ENCRYPTION))
                    .isGreaterThanOrEqualTo(1);
            assertThat(seed.listener.connected.get()).isZero();
        }
    }

    /** By default the seed selects RC4 for a client that provides nothing else, and every byte arrives. */
    @Test
    void byDefaultALibtorrentAllowingOnlyAnRc4PayloadDownloadsEveryByte() throws Exception {
        Path saveDir = Files.createDirectories(dir.resolve("rc4-only"));
        try (Seed seed = new Seed(torrent)) {
            Result result = run(torrentFile("rc4-only"), saveDir, seed.port, 30, RC4_ONLY);
            assertThat(result.exitValue())
                    .as("%s; disconnects %s", result.output(), seed.listener.disconnects)
                    .isZero();
            assertThat(seed.listener.disconnects(DisconnectReason.UNSUPPORTED_ENCRYPTION))
                    .isZero();
        }
        assertThat(FileTorrent.sha256(saveDir.resolve("payload.bin"))).isEqualTo(torrent.sha256());
    }

    /** lt_leech.py's settings for a client that forces encryption and allows only an RC4 payload. */
    private static final String[] RC4_ONLY = {
        "--setting", "out_enc_policy=0", "--setting", "allowed_enc_level=2", "--setting", "in_enc_policy=0"
    };

    private static String torrentFile(String name) throws IOException {
        Path torrentFile = dir.resolve(name + ".torrent");
        Files.write(torrentFile, torrent.metainfo().encode());
        return torrentFile.toString();
    }

    private record Result(int exitValue, String output) {}

    private static String download(String source, Path saveDir, int port, String... options) throws Exception {
        Result result = run(source, saveDir, port, TIMEOUT_SECONDS - 10, options);
        assertThat(result.exitValue()).as(result.output()).isZero();
        return result.output();
    }

    private static Result run(String source, Path saveDir, int port, int timeoutSeconds, String... options)
            throws Exception {
        Path output = Files.createTempFile(dir, "libtorrent-", ".out");
        List<String> command = new ArrayList<>(List.of(PYTHON, script()));
        command.addAll(List.of(options));
        command.addAll(List.of(source, saveDir.toString(), String.valueOf(timeoutSeconds), "127.0.0.1:" + port));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(timeoutSeconds + 10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("libtorrent did not finish: " + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The shared libtorrent leecher of the interop tests. */
    private static String script() throws URISyntaxException {
        return Path.of(LibtorrentDownloadTest.class
                        .getResource("/interop/lt_leech.py")
                        .toURI())
                .toString();
    }

    /** Fails (never skips) with the command that installs python3-libtorrent when it is missing. */
    private static void requireLibtorrent() throws IOException, InterruptedException {
        String fix = "python3-libtorrent is not installed for " + PYTHON + ": apt-get install -y python3-libtorrent"
                + " (./bitquark test installs it when run as root)";
        if (!new File(PYTHON).canExecute()) {
            throw new AssertionError(fix);
        }
        Process probe = new ProcessBuilder(PYTHON, "-c", "import libtorrent")
                .redirectErrorStream(true)
                .start();
        if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
            throw new AssertionError(fix);
        }
    }
}

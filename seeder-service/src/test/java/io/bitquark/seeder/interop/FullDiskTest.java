package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bitquark.protocol.hash.PieceHashes;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.seeder.storage.TestTorrents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A full disk: we download 16 MiB from a python3-libtorrent seed into a tmpfs of 4 MiB that the test mounts under
 * the data root. The torrent goes to {@code error} with the write's reason and stays there (nothing retries), and
 * no piece is counted as verified that is not on that disk: every piece the API reports is one the files hold.
 * Mounting needs root (CI runs as root); elsewhere the test is skipped.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class FullDiskTest extends LibtorrentInterop {

    @Test
    void aFullDiskPutsTheTorrentInErrorWithTheReasonAndMarksNothingThatIsNotOnIt() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path seedDir = work.resolve("seed");
        Files.createDirectories(seedDir);
        Path file = seedDir.resolve("big.bin");
        TestTorrents.write(file, 16 * 1024 * 1024, 81);
        Metainfo torrent = TestTorrents.v1Single(file, 256 * 1024);
        Path torrentFile = Path.of(Libtorrent.torrentFile(torrent.encode(), work));
        Path disk = Files.createDirectories(content("small-disk"));
        run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString());
        try (Libtorrent.Client seed = Libtorrent.seed(torrentFile, seedDir)) {
            String id = SeederApi.download(torrent.encode(), "small-disk/big.bin", Map.of());
            SeederApi.addPeers(id, Libtorrent.LOOPBACK + ":" + seed.port());
            SeederApi.awaitState(id, "error");

            JsonPath failed = SeederApi.torrent(id);
            assertThat(failed.getString("reason")).containsIgnoringCase("space");
            int have = failed.getInt("piecesHave");
            assertThat(have).as("pieces verified before the disk filled").isLessThan(failed.getInt("piecesTotal"));
            assertThat(have)
                    .as("pieces that verify from the full disk")
                    .isLessThanOrEqualTo(piecesOnDisk(torrent.pieceHashes(), disk.resolve("big.bin")));

            Thread.sleep(1_000);
            JsonPath later = SeederApi.torrent(id);
            assertThat(later.getString("state")).as("no retry loop").isEqualTo("error");
            assertThat(later.getInt("piecesHave")).isEqualTo(have);
            assertThat(later.getLong("downloaded")).isEqualTo(failed.getLong("downloaded"));
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    /** The pieces whose bytes in {@code file} match their hashes (a sparse hole or a short file matches none). */
    private static int piecesOnDisk(PieceHashes hashes, Path file) throws IOException {
        int count = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
            for (int piece = 0; piece < hashes.pieceCount(); piece++) {
                try {
                    if (hashes.verify(piece, (offset, dst) -> readFully(channel, offset, dst), scratch)) {
                        count++;
                    }
                } catch (EOFException beyondTheEnd) {
                    // not on disk
                }
            }
        }
        return count;
    }

    private static void readFully(FileChannel channel, long offset, ByteBuffer dst) throws IOException {
        long at = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new EOFException("past the end of the file");
            }
            at += n;
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(
                        "%s: %s",
                        String.join(" ", command), new String(p.getInputStream().readAllBytes()))
                .isZero();
    }
}

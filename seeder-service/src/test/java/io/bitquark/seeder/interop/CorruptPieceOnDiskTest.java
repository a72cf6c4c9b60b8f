package io.bitquark.seeder.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.seeder.config.StorageConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A piece whose bytes change on disk while we seed (same size, newer modification time) is never served
 * corrupt: the read that notices the change re-verifies it and withdraws it. A leecher with only us as a
 * source gets every other piece and stops short without a hash failure; with a second source (a libtorrent
 * seed of the original bytes) it completes with the original bytes.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
@Tag("interop")
class CorruptPieceOnDiskTest extends LibtorrentInterop {

    /** A piece inside the set's first file, "big file with spaces.bin" (pieces 0 to 8). */
    static final int CORRUPT_PIECE = 3;

    static final String FIRST_FILE = GeneratedSet.FILES.keySet().iterator().next();
    /** Seconds without a new piece after which a leecher that cannot complete gives up. */
    static final String STALL_SECONDS = "5";

    @Inject
    StorageConfig storage;

    @Test
    void withOnlyUsAsASourceTheLeecherGetsEveryOtherPieceAndNeverACorruptOne() throws Exception {
        Path seeded = content("corrupt, only source");
        Metainfo torrent = GeneratedSet.create(MetaVersion.V1, seeded);
        String id = SeederApi.seed(torrent.encode(), seeded.getFileName().toString());
        double withdrawnBefore = SeederApi.metric("bitquark_seeder_pieces_withdrawn_total");
        corruptPieceOnDisk(seeded.resolve(FIRST_FILE));

        Libtorrent.Report report;
        try (Libtorrent.Client leecher = Libtorrent.leecher(
                Libtorrent.torrentFile(torrent.encode(), work),
                work.resolve("download"),
                List.of("--stall", STALL_SECONDS),
                session.peerPort())) {
            report = leecher.report();
        }

        assertThat(report.ok()).as("libtorrent cannot complete: %s", report).isFalse();
        assertThat(report.pieces()).as("pieces libtorrent has: %s", report).isEqualTo(torrent.pieceCount() - 1);
        assertThat(report.hashFails())
                .as("pieces libtorrent found corrupt: %s", report)
                .isZero();
        assertThat(report.failedBytes())
                .as("bytes that failed libtorrent's hash check: %s", report)
                .isZero();
        assertThat(SeederApi.metric("bitquark_seeder_pieces_withdrawn_total"))
                .isGreaterThanOrEqualTo(withdrawnBefore + 1);
        JsonPath view = SeederApi.torrent(id);
        assertThat(view.getString("state")).as(view.prettify()).isEqualTo("partial");
        assertThat(view.getInt("piecesHave")).isEqualTo(torrent.pieceCount() - 1);
    }

    @Test
    void withASecondSourceTheLeecherCompletesWithTheOriginalBytes() throws Exception {
        Path seeded = content("corrupt, second source");
        Metainfo torrent = GeneratedSet.create(MetaVersion.V1, seeded);
        Path original = work.resolve("libtorrent seed").resolve(torrent.name());
        Content.copy(seeded, original);
        SeederApi.seed(torrent.encode(), seeded.getFileName().toString());
        String torrentFile = Libtorrent.torrentFile(torrent.encode(), work);

        try (Libtorrent.Client otherSeed = Libtorrent.seed(Path.of(torrentFile), original.getParent())) {
            corruptPieceOnDisk(seeded.resolve(FIRST_FILE));
            Libtorrent.Report report =
                    Libtorrent.download(torrentFile, work.resolve("download"), session.peerPort(), otherSeed.port());

            report.assertCompleted();
        }
        Content.assertSameFiles(torrent, original, work.resolve("download").resolve(torrent.name()));
    }

    /**
     * Overwrites bytes inside {@link #CORRUPT_PIECE} of the set's first file, keeping its size, moves its
     * modification time on, and lets the change-check interval pass, so that the next read of the file
     * stats it and sees the change.
     */
    private void corruptPieceOnDisk(Path file) throws IOException, InterruptedException {
        long size = Files.size(file);
        FileTime modified = Files.getLastModifiedTime(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[64]), (long) CORRUPT_PIECE * GeneratedSet.PIECE_LENGTH + 1000);
        }
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified.toMillis() + 60_000));
        assertThat(Files.size(file)).isEqualTo(size);
        Thread.sleep(storage.changeCheckInterval().toMillis() + 200);
    }
}

package io.bitquark.seeder.storage;

import static io.bitquark.seeder.storage.TestTorrents.KIB16;
import static io.bitquark.seeder.storage.TestTorrents.bits;
import static io.bitquark.seeder.storage.TestTorrents.range;
import static io.bitquark.seeder.storage.TestTorrents.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.metainfo.Metainfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PieceCheckTest {

    @TempDir
    Path root;

    @RegisterExtension
    final StorageRig rig = new StorageRig(2, ChangeDetection.off());

    private TorrentStorage storage(Metainfo m, String contentPath) throws Exception {
        return TorrentStorage.open(m, root, Path.of(contentPath), rig.resources());
    }

    private CheckResult await(PieceCheck.Run run) throws Exception {
        return run.result().get(1, TimeUnit.MINUTES);
    }

    @Test
    void verifiesEveryPieceOfAFixtureOnAllThreadsWithProgressUpToTheTotal() throws Exception {
        Path fixtures = TestTorrents.webtorrentFixtures();
        Metainfo leaves = TestTorrents.parse(fixtures.resolve("leaves.torrent"));
        TorrentStorage storage = TorrentStorage.open(leaves, fixtures, Path.of(leaves.name()), rig.resources());
        List<long[]> progress = new ArrayList<>();

        CheckResult result =
                await(rig.pieceCheck().startFull(storage, (bytes, total) -> progress.add(new long[] {bytes, total})));

        assertThat(result.verified()).isEqualTo(range(0, 23));
        assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p[1]).isEqualTo(362_017));
        assertThat(progress)
                .extracting(p -> p[0])
                .isSorted()
                .doesNotHaveDuplicates()
                .last()
                .isEqualTo(362_017L);
    }

    @Test
    void missingAndShortFilesLeaveTheirPiecesOutWithoutFailingTheCheck() throws Exception {
        Path dir = root.resolve("t");
        write(dir.resolve("a"), 3 * KIB16, 1);
        write(dir.resolve("b"), 3 * KIB16, 2);
        write(dir.resolve("c"), 3 * KIB16, 3);
        Metainfo m = TestTorrents.v1Multi(dir, KIB16, "a", "b", "c");
        Files.delete(dir.resolve("a"));
        Files.write(dir.resolve("c"), Files.readAllBytes(dir.resolve("c")), StandardOpenOption.APPEND);
        Files.write(dir.resolve("b"), Arrays.copyOf(Files.readAllBytes(dir.resolve("b")), KIB16 + 5));

        CheckResult result = await(rig.pieceCheck().startFull(storage(m, "t"), (bytes, total) -> {}));

        assertThat(result.verified())
                .as("a missing, b cut inside its second piece, c longer than declared")
                .isEqualTo(bits(3, 6, 7, 8));
        assertThat(result.stamps().get(0)).isEqualTo(FileStamp.MISSING);
        assertThat(result.stamps().get(1).size()).isEqualTo(KIB16 + 5);
    }

    @Test
    void checksOnlyThePiecesAskedFor() throws Exception {
        Path dir = root.resolve("t");
        write(dir.resolve("a"), 10 * KIB16, 1);
        TorrentStorage storage = storage(TestTorrents.v1Single(dir.resolve("a"), KIB16), "t/a");
        long[] total = new long[1];

        CheckResult result = await(rig.pieceCheck().start(storage, bits(2, 5, 9, 40), (bytes, t) -> total[0] = t));

        assertThat(result.verified()).isEqualTo(bits(2, 5, 9));
        assertThat(total[0]).isEqualTo(3L * KIB16);
    }

    @Test
    void aCancelledCheckStopsTakingPiecesAndFailsWithCancellation() throws Exception {
        Path dir = root.resolve("t");
        write(dir.resolve("a"), 256 * KIB16, 1);
        TorrentStorage storage = storage(TestTorrents.v1Single(dir.resolve("a"), KIB16), "t/a");
        PieceCheck.Run[] run = new PieceCheck.Run[1];
        synchronized (run) {
            run[0] = rig.pieceCheck().startFull(storage, (bytes, total) -> {
                synchronized (run) {
                    run[0].cancel();
                }
            });
        }

        assertThrows(CancellationException.class, () -> await(run[0]));

        assertThat(run[0].checkedBytes())
                .as("each of the 2 tasks finishes at most the piece it holds")
                .isLessThanOrEqualTo(3L * KIB16);
    }

    @Test
    void aTorrentWithNothingToCheckCompletesAtOnce() throws Exception {
        Path dir = root.resolve("t");
        write(dir.resolve("a"), KIB16, 1);
        TorrentStorage storage = storage(TestTorrents.v1Single(dir.resolve("a"), KIB16), "t/a");

        CheckResult result = await(rig.pieceCheck().start(storage, new BitSet(), (bytes, total) -> {}));

        assertThat(result.verified()).isEqualTo(new BitSet());
        assertThat(result.stamps()).hasSize(1);
    }
}

package io.bitquark.seeder.storage;

import static io.bitquark.seeder.storage.TestTorrents.KIB16;
import static io.bitquark.seeder.storage.TestTorrents.bits;
import static io.bitquark.seeder.storage.TestTorrents.range;
import static io.bitquark.seeder.storage.TestTorrents.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.metainfo.Metainfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Fast resume: a restart hashes only the pieces of files whose size or modification time changed. */
class ResumeDataTest {

    @TempDir
    Path root;

    @TempDir
    Path state;

    @RegisterExtension
    final StorageRig rig = new StorageRig(4, ChangeDetection.off());

    private Path dir;
    private Metainfo torrent;

    /** {@link TestTorrents#threeFiles} in t, checked. */
    private TorrentStorage checkedThreeFiles() throws Exception {
        dir = TestTorrents.threeFiles(root.resolve("t"));
        torrent = TestTorrents.v1Multi(dir, KIB16, "a", "b", "c");
        TorrentStorage storage = TorrentStorage.open(torrent, root, Path.of("t"), rig.resources());
        rig.checkAndAccept(storage);
        return storage;
    }

    /** The storage a restarted process opens for the same torrent. */
    private TorrentStorage restarted() throws Exception {
        return TorrentStorage.open(torrent, root, Path.of("t"), rig.resources());
    }

    private ResumePlan saveAndPlanAfterRestart(TorrentStorage storage) throws Exception {
        Path file = state.resolve("t.resume");
        ResumeData.of(storage).save(file);
        return ResumeData.load(file).orElseThrow().planFor(restarted());
    }

    @Test
    void roundTripsThroughItsFile() throws Exception {
        TorrentStorage storage = checkedThreeFiles();
        ResumeData saved = ResumeData.of(storage);

        saved.save(state.resolve("t.resume"));
        ResumeData loaded = ResumeData.load(state.resolve("t.resume")).orElseThrow();

        assertThat(loaded.verified()).isEqualTo(range(0, 4));
        assertThat(loaded.stamps()).isEqualTo(saved.stamps()).hasSize(3);
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files).as("no temporary file left behind").containsExactly(state.resolve("t.resume"));
        }
    }

    @Test
    void unchangedFilesNeedNoHashingAfterARestart() throws Exception {
        ResumePlan plan = saveAndPlanAfterRestart(checkedThreeFiles());

        assertThat(plan.usable()).isTrue();
        assertThat(plan.nothingToCheck()).isTrue();
        assertThat(plan.trusted()).isEqualTo(range(0, 4));
    }

    @Test
    void aPartialSeedStaysPartialWithoutHashingWhileItsFilesAreUnchanged() throws Exception {
        dir = TestTorrents.threeFiles(root.resolve("t"));
        torrent = TestTorrents.v1Multi(dir, KIB16, "a", "b", "c");
        Files.delete(dir.resolve("c"));
        TorrentStorage storage = restarted();
        rig.checkAndAccept(storage);

        ResumePlan plan = saveAndPlanAfterRestart(storage);

        assertThat(plan.nothingToCheck()).isTrue();
        assertThat(plan.trusted()).isEqualTo(bits(0, 1));
    }

    @Test
    void aChangedModificationTimeRechecksOnlyThePiecesHoldingThatFile() throws Exception {
        TorrentStorage storage = checkedThreeFiles();
        Path file = state.resolve("t.resume");
        ResumeData.of(storage).save(file);
        TestTorrents.touch(dir.resolve("b"), Files.getLastModifiedTime(dir.resolve("b")));

        TorrentStorage again = restarted();
        ResumePlan plan = ResumeData.load(file).orElseThrow().planFor(again);
        AtomicLong total = new AtomicLong();
        CheckResult recheck = rig.pieceCheck()
                .start(again, plan.recheck(), (bytes, t) -> total.set(t))
                .result()
                .get(1, TimeUnit.MINUTES);
        again.accept(plan.complete(recheck));

        assertThat(plan.recheck()).isEqualTo(bits(1, 2));
        assertThat(plan.trusted()).isEqualTo(bits(0, 3));
        assertThat(plan.reason()).contains("b");
        assertThat(total).as("only b's pieces were hashed").hasValue(2L * KIB16);
        assertThat(again.verifiedPieces()).isEqualTo(range(0, 4));
        assertThat(ResumeData.of(again).planFor(restarted()).nothingToCheck()).isTrue();
    }

    @Test
    void aChangedSizeInvalidatesThePiecesOfThatFile() throws Exception {
        TorrentStorage storage = checkedThreeFiles();
        Path file = state.resolve("t.resume");
        ResumeData.of(storage).save(file);
        try (FileChannel c = FileChannel.open(dir.resolve("c"), StandardOpenOption.WRITE)) {
            c.truncate(5_000);
        }

        TorrentStorage again = restarted();
        ResumePlan plan = ResumeData.load(file).orElseThrow().planFor(again);
        CheckResult recheck = rig.check(again, plan.recheck());

        assertThat(plan.recheck()).isEqualTo(bits(2, 3));
        assertThat(plan.complete(recheck).verified()).isEqualTo(bits(0, 1));
    }

    @Test
    void savesTheStampsOfTheCheckSoALaterChangeIsRecheckedAfterARestart() throws Exception {
        TorrentStorage storage = checkedThreeFiles();
        TestTorrents.corrupt(dir.resolve("a"), 10);

        ResumePlan plan = saveAndPlanAfterRestart(storage);

        assertThat(plan.recheck()).isEqualTo(bits(0, 1));
    }

    @Test
    void resumeDataOfAnotherContentPathOrTorrentMeansAFullCheck() throws Exception {
        TorrentStorage storage = checkedThreeFiles();
        ResumeData saved = ResumeData.of(storage);
        Files.createDirectories(root.resolve("copy"));
        TorrentStorage elsewhere = TorrentStorage.open(torrent, root, Path.of("copy"), rig.resources());
        write(root.resolve("other"), 100, 9);
        TorrentStorage other = TorrentStorage.open(
                TestTorrents.v1Single(root.resolve("other"), KIB16), root, Path.of("other"), rig.resources());

        for (TorrentStorage s : new TorrentStorage[] {elsewhere, other}) {
            ResumePlan plan = saved.planFor(s);
            assertThat(plan.usable()).isFalse();
            assertThat(plan.trusted()).isEqualTo(bits());
            assertThat(plan.recheck()).isEqualTo(range(0, s.pieceCount()));
        }
    }

    @Test
    void noResumeFileIsEmptyAndAMalformedOneIsAnIOException() throws Exception {
        assertThat(ResumeData.load(state.resolve("none"))).isEmpty();

        Files.writeString(state.resolve("bad"), "d7:versioni1ee");
        assertThrows(IOException.class, () -> ResumeData.load(state.resolve("bad")));
        Files.writeString(state.resolve("garbage"), "not bencode");
        assertThrows(IOException.class, () -> ResumeData.load(state.resolve("garbage")));
    }
}

package io.bitquark.seeder.storage;

import static io.bitquark.seeder.storage.TestTorrents.KIB16;
import static io.bitquark.seeder.storage.TestTorrents.bits;
import static io.bitquark.seeder.storage.TestTorrents.range;
import static io.bitquark.seeder.storage.TestTorrents.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A piece whose file changed on disk while it is served is re-verified on its next read, never served corrupt. */
class ChangeDetectionTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    @TempDir
    Path root;

    /** The monotonic clock change detection reads; tests move it by hand. */
    private final AtomicLong clock = new AtomicLong();

    @RegisterExtension
    final StorageRig rig = new StorageRig(4, new ChangeDetection(true, INTERVAL, clock::get));

    private final List<Integer> withdrawn = new ArrayList<>();
    private Path dir;
    private TorrentStorage storage;

    /** {@link TestTorrents#threeFiles} in t, checked and served. */
    private void serveThreeFiles() throws Exception {
        dir = TestTorrents.threeFiles(root.resolve("t"));
        storage = TorrentStorage.open(
                TestTorrents.v1Multi(dir, KIB16, "a", "b", "c"), root, Path.of("t"), rig.resources());
        rig.checkAndAccept(storage);
        storage.onWithdrawn((piece, reason) -> withdrawn.add(piece));
        assertThat(storage.verifiedPieces()).isEqualTo(range(0, 4));
    }

    private void pastTheInterval() {
        clock.addAndGet(INTERVAL.toNanos());
    }

    private byte[] read(int piece) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate((int) storage.pieceLength(piece));
        storage.read(piece, 0, dst);
        return dst.array();
    }

    @Test
    void aPieceWhoseFileChangedIsWithdrawnOnItsNextReadWhenItNoLongerMatches() throws Exception {
        serveThreeFiles();
        TestTorrents.corrupt(dir.resolve("c"), 15_000);
        pastTheInterval();

        UnverifiedPieceException e = assertThrows(UnverifiedPieceException.class, () -> read(3));

        assertThat(e.withdrawn()).isTrue();
        assertThat(withdrawn).containsExactly(3);
        assertThat(storage.hasPiece(3)).isFalse();
        assertThat(read(2)).as("c's other piece still matches").hasSize(KIB16);
        assertThat(storage.verifiedPieces()).isEqualTo(bits(0, 1, 2));
        assertThrows(UnverifiedPieceException.class, () -> read(3));
        assertThat(withdrawn).as("withdrawn once").containsExactly(3);
    }

    @Test
    void aChangedFileWhosePiecesStillMatchKeepsBeingServed() throws Exception {
        serveThreeFiles();
        TestTorrents.touch(dir.resolve("b"), Files.getLastModifiedTime(dir.resolve("b")));
        pastTheInterval();

        for (int p = 0; p < 4; p++) {
            read(p);
        }

        assertThat(withdrawn).isEmpty();
        assertThat(storage.verifiedPieces()).isEqualTo(range(0, 4));
    }

    @Test
    void aFileIsStatedAtMostOncePerInterval() throws Exception {
        serveThreeFiles();
        TestTorrents.corrupt(dir.resolve("a"), 100);

        read(0);
        clock.addAndGet(INTERVAL.toNanos() - 1);
        read(0);
        assertThat(withdrawn).as("no stat before the interval has passed").isEmpty();

        clock.addAndGet(1);
        assertThrows(UnverifiedPieceException.class, () -> read(0));
        assertThat(withdrawn).containsExactly(0);
    }

    @Test
    void aFileReplacedOnDiskIsReopenedAndItsNewBytesVerified() throws Exception {
        serveThreeFiles();
        byte[] original = Files.readAllBytes(dir.resolve("b"));
        read(2);
        Path replacement = root.resolve("b.new");
        byte[] changed = original.clone();
        changed[19_000] ^= 1;
        Files.write(replacement, changed);
        TestTorrents.touch(replacement, Files.getLastModifiedTime(dir.resolve("b")));
        Files.move(replacement, dir.resolve("b"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        pastTheInterval();

        assertThrows(UnverifiedPieceException.class, () -> read(2));

        assertThat(withdrawn).as("the old file, still open, would have matched").containsExactly(2);
        assertThat(Arrays.copyOfRange(read(1), 20_000 - KIB16, KIB16))
                .isEqualTo(Arrays.copyOfRange(changed, 0, 2 * KIB16 - 20_000));
    }

    @Test
    void withDetectionOffAChangeIsOnlySeenByTheNextCheck() throws Exception {
        StorageRig unwatchedRig = new StorageRig(4, ChangeDetection.off());
        try {
            dir = root.resolve("t");
            write(dir.resolve("a"), 20_000, 1);
            TorrentStorage unwatched = unwatchedRig.open(TestTorrents.v1Single(dir.resolve("a"), KIB16), root, "t/a");
            unwatchedRig.checkAndAccept(unwatched);
            TestTorrents.corrupt(dir.resolve("a"), 100);

            unwatched.read(0, 0, ByteBuffer.allocate(KIB16));

            assertThat(unwatched.hasPiece(0)).isTrue();
            assertThat(unwatchedRig.check(unwatched, range(0, 2)).verified()).isEqualTo(bits(1));
        } finally {
            unwatchedRig.afterEach(null);
        }
    }
}

package io.bitquark.seeder.storage;

import static io.bitquark.seeder.storage.TestTorrents.KIB16;
import static io.bitquark.seeder.storage.TestTorrents.bits;
import static io.bitquark.seeder.storage.TestTorrents.concat;
import static io.bitquark.seeder.storage.TestTorrents.range;
import static io.bitquark.seeder.storage.TestTorrents.readAll;
import static io.bitquark.seeder.storage.TestTorrents.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TorrentStorageTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    @RegisterExtension
    final StorageRig rig = new StorageRig(4, ChangeDetection.off());

    private TorrentStorage checked(Metainfo m, Path contentPath) throws Exception {
        TorrentStorage storage = TorrentStorage.open(m, root, contentPath, rig.resources());
        rig.checkAndAccept(storage);
        return storage;
    }

    @Test
    void servesEveryPieceOfASingleFileFixtureFromItsFile() throws Exception {
        Path fixtures = TestTorrents.webtorrentFixtures();
        Metainfo alice = TestTorrents.parse(fixtures.resolve("alice.torrent"));
        TorrentStorage storage = TorrentStorage.open(alice, fixtures, Path.of("alice.txt"), rig.resources());
        rig.checkAndAccept(storage);

        assertThat(storage.pieceCount()).isEqualTo(10);
        assertThat(storage.verifiedCount()).isEqualTo(10);
        assertThat(readAll(storage)).isEqualTo(Files.readAllBytes(fixtures.resolve("alice.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"folder", "numbers", "lots-of-numbers"})
    void servesAMultiFileFixtureWhosePieceHoldsSeveralFiles(String name) throws Exception {
        Path fixtures = TestTorrents.webtorrentFixtures();
        Metainfo m = TestTorrents.parse(fixtures.resolve(name + ".torrent"));
        TorrentStorage storage = TorrentStorage.open(m, fixtures, Path.of(name), rig.resources());
        rig.checkAndAccept(storage);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (StorageFile f : storage.files()) {
            expected.write(Files.readAllBytes(f.path()));
        }
        assertThat(storage.verifiedPieces()).isEqualTo(range(0, storage.pieceCount()));
        assertThat(readAll(storage)).isEqualTo(expected.toByteArray());
    }

    @Test
    void theContentPathIsTheSaveAsPathWhateverTheTorrentsName() throws Exception {
        Path fixtures = TestTorrents.webtorrentFixtures();
        Files.copy(fixtures.resolve("alice.txt"), root.resolve("renamed.txt"));
        TorrentStorage storage = checked(TestTorrents.parse(fixtures.resolve("alice.torrent")), Path.of("renamed.txt"));

        assertThat(storage.contentPath()).isEqualTo(root.resolve("renamed.txt"));
        assertThat(storage.verifiedCount()).isEqualTo(10);
    }

    @Test
    void sparseByDefaultOnlyTheEmptyFilesAreMadeBeforeADownload() throws Exception {
        Path dir = root.resolve("source");
        write(dir.resolve("a"), 10_000, 1);
        write(dir.resolve("empty"), 0, 2);
        Metainfo m = TestTorrents.v1Multi(dir, KIB16, "a", "empty");
        TorrentStorage storage = TorrentStorage.open(m, root, Path.of("copy"), rig.resources());

        storage.allocate(false);

        assertThat(root.resolve("copy/empty")).exists().isEmptyFile();
        assertThat(root.resolve("copy/a")).doesNotExist();
    }

    @Test
    void preallocationWritesEveryFileOutToItsLengthAndKeepsTheBytesAlreadyThere() throws Exception {
        Path dir = root.resolve("source");
        byte[] a = write(dir.resolve("a"), 10_000, 1);
        write(dir.resolve("sub/b"), 3 * KIB16 + 7, 2);
        Metainfo m = TestTorrents.v1Multi(dir, KIB16, "a", "sub/b");
        TorrentStorage storage = TorrentStorage.open(m, root, Path.of("copy"), rig.resources());
        storage.write(0, 0, ByteBuffer.wrap(Arrays.copyOf(a, 5_000)));

        storage.allocate(true);

        assertThat(Files.size(root.resolve("copy/a"))).isEqualTo(10_000);
        assertThat(Files.size(root.resolve("copy/sub/b"))).isEqualTo(3 * KIB16 + 7);
        byte[] copied = Files.readAllBytes(root.resolve("copy/a"));
        assertThat(Arrays.copyOf(copied, 5_000)).as("written before: kept").isEqualTo(Arrays.copyOf(a, 5_000));
        assertThat(Arrays.copyOfRange(copied, 5_000, 10_000))
                .as("the rest: zeros")
                .isEqualTo(new byte[5_000]);
    }

    @Test
    void v1PiecesCrossFileBoundaries() throws Exception {
        Path dir = root.resolve("t");
        byte[] a = write(dir.resolve("a"), 10_000, 1);
        byte[] b = write(dir.resolve("sub/b"), 30_000, 2);
        byte[] c = write(dir.resolve("c"), 5, 3);
        TorrentStorage storage = checked(TestTorrents.v1Multi(dir, KIB16, "a", "sub/b", "c"), Path.of("t"));
        byte[] all = concat(a, b, c);

        ByteBuffer acrossAtoB = ByteBuffer.allocate(2_000);
        storage.read(0, 9_000, acrossAtoB);
        ByteBuffer acrossBtoC = ByteBuffer.allocateDirect(all.length - 2 * KIB16);
        storage.read(2, 0, acrossBtoC);

        assertThat(storage.pieceCount()).isEqualTo(3);
        assertThat(storage.pieceLength(2)).isEqualTo(all.length - 2 * KIB16);
        assertThat(acrossAtoB.array()).isEqualTo(Arrays.copyOfRange(all, 9_000, 11_000));
        assertThat(bytes(acrossBtoC)).isEqualTo(Arrays.copyOfRange(all, 2 * KIB16, all.length));
        assertThat(readAll(storage)).isEqualTo(all);
    }

    @Test
    void hybridPadBytesAreZerosThatAreNeverReadFromDisk() throws Exception {
        Path dir = root.resolve("t");
        byte[] a = write(dir.resolve("a"), 10_000, 1);
        byte[] b = write(dir.resolve("b"), 20_000, 2);
        Metainfo hybrid = TestTorrents.v2Multi(MetaVersion.HYBRID, dir, KIB16, "a", "b");
        byte[] decoy = new byte[KIB16 - 10_000];
        Arrays.fill(decoy, (byte) 0xff);
        Files.createDirectories(dir.resolve(".pad"));
        Files.write(dir.resolve(".pad").resolve(Integer.toString(decoy.length)), decoy);

        TorrentStorage storage = checked(hybrid, Path.of("t"));

        assertThat(storage.files()).extracting(StorageFile::path).containsExactly(dir.resolve("a"), dir.resolve("b"));
        assertThat(storage.totalLength()).isEqualTo(KIB16 + 20_000);
        assertThat(storage.verifiedPieces()).isEqualTo(range(0, 3));
        assertThat(readAll(storage)).isEqualTo(concat(a, new byte[decoy.length], b));
    }

    @Test
    void v2OnlyPiecesStayInOneFileAndTheLastFileIsPaddedToAPieceBoundaryToo() throws Exception {
        Path dir = root.resolve("t");
        byte[] a = write(dir.resolve("a"), 40_000, 1);
        byte[] b = write(dir.resolve("b"), 5_000, 2);
        Metainfo v2 = TestTorrents.v2Multi(MetaVersion.V2, dir, KIB16, "a", "b");

        TorrentStorage storage = checked(v2, Path.of("t"));

        assertThat(storage.pieceCount()).isEqualTo(4);
        assertThat(storage.pieceLength(2))
                .as("a's last piece, padded to the piece length")
                .isEqualTo(KIB16);
        assertThat(storage.pieceLength(3))
                .as("b's only piece, padded as libtorrent 2.0 pads it")
                .isEqualTo(KIB16);
        assertThat(storage.files()).extracting(StorageFile::firstPiece).containsExactly(0, 3);
        assertThat(storage.verifiedPieces()).isEqualTo(range(0, 4));
        assertThat(readAll(storage))
                .isEqualTo(concat(a, new byte[3 * KIB16 - a.length], b, new byte[KIB16 - b.length]));
    }

    @Test
    void aV2OnlySingleFileTorrentsLastPieceIsPaddedWithZerosToThePieceLength() throws Exception {
        byte[] a = write(root.resolve("a"), 3 * KIB16 + 500, 1);

        TorrentStorage storage = checked(TestTorrents.v2Single(root.resolve("a"), KIB16), Path.of("a"));

        assertThat(storage.pieceCount()).isEqualTo(4);
        assertThat(storage.pieceLength(3))
                .as("libtorrent 2.0 requests the last block as 16 KiB")
                .isEqualTo(KIB16);
        assertThat(storage.verifiedPieces()).isEqualTo(range(0, 4));
        assertThat(readAll(storage)).isEqualTo(concat(a, new byte[KIB16 - 500]));
    }

    @Test
    void v2OnlyMerkleCheckFailsExactlyThePieceWithACorruptBlock() throws Exception {
        Path dir = root.resolve("t");
        int pieceLength = 2 * KIB16;
        write(dir.resolve("big"), 5 * pieceLength - 100, 1);
        write(dir.resolve("small"), 3 * KIB16 / 2, 2);
        Metainfo v2 = TestTorrents.v2Multi(MetaVersion.V2, dir, pieceLength, "big", "small");
        TestTorrents.corrupt(dir.resolve("big"), 2L * pieceLength + KIB16 + 7);
        TestTorrents.corrupt(dir.resolve("small"), KIB16 + 1);

        TorrentStorage storage = checked(v2, Path.of("t"));

        assertThat(storage.verifiedPieces()).isEqualTo(bits(0, 1, 3, 4));
        assertThat(storage.verifyPiece(2)).isFalse();
        assertThat(storage.verifyPiece(5))
                .as("a file of one piece checks against its pieces root")
                .isFalse();
    }

    @Test
    void emptyFilesTakeNoBytesAndNeedNotExist() throws Exception {
        Path dir = root.resolve("t");
        byte[] a = write(dir.resolve("a"), 10_000, 1);
        write(dir.resolve("empty"), 0, 0);
        byte[] b = write(dir.resolve("b"), 10_000, 2);
        Metainfo m = TestTorrents.v1Multi(dir, KIB16, "a", "empty", "b");
        Files.delete(dir.resolve("empty"));

        TorrentStorage storage = checked(m, Path.of("t"));

        StorageFile empty = storage.files().get(1);
        assertThat(empty.firstPiece()).isEqualTo(empty.endPiece());
        assertThat(storage.verifiedPieces()).isEqualTo(range(0, 2));
        assertThat(readAll(storage)).isEqualTo(concat(a, b));
    }

    @Test
    void aMissingFileLeavesOnlyThePiecesItTouchesUnverified() throws Exception {
        Path dir = threeFiles();
        Metainfo m = TestTorrents.v1Multi(dir, KIB16, "a", "b", "c");
        Files.delete(dir.resolve("b"));

        TorrentStorage storage = checked(m, Path.of("t"));

        assertThat(storage.verifiedPieces()).isEqualTo(bits(0, 3));
        UnverifiedPieceException e =
                assertThrows(UnverifiedPieceException.class, () -> storage.read(1, 0, ByteBuffer.allocate(10)));
        assertThat(e.piece()).isEqualTo(1);
        assertThat(e.withdrawn()).isFalse();
    }

    @Test
    void aCorruptByteFailsOnlyThePieceItIsIn() throws Exception {
        Path dir = threeFiles();
        Metainfo m = TestTorrents.v1Multi(dir, KIB16, "a", "b", "c");
        TestTorrents.corrupt(dir.resolve("c"), 15_000);

        TorrentStorage storage = checked(m, Path.of("t"));

        assertThat(storage.verifiedPieces()).isEqualTo(bits(0, 1, 2));
    }

    @Test
    void aFileCutShortFailsTheReadInsteadOfServingZeros() throws Exception {
        Path dir = threeFiles();
        TorrentStorage storage = checked(TestTorrents.v1Multi(dir, KIB16, "a", "b", "c"), Path.of("t"));
        try (FileChannel c = FileChannel.open(dir.resolve("c"), StandardOpenOption.WRITE)) {
            c.truncate(10_000);
        }

        assertThrows(EOFException.class, () -> storage.read(3, 0, ByteBuffer.allocate((int) storage.pieceLength(3))));
    }

    @Test
    void refusesAContentPathOutsideTheDataRootOrTheRootItself() throws Exception {
        Path dir = threeFiles();
        Metainfo m = TestTorrents.v1Multi(dir, KIB16, "a", "b", "c");

        for (Path bad : new Path[] {Path.of("../t"), root}) {
            MetainfoException e = assertThrows(
                    MetainfoException.class, () -> TorrentStorage.open(m, root, bad, rig.resources()), bad.toString());
            assertThat(e.kind()).isEqualTo(MetainfoException.Kind.UNSAFE_PATH);
        }
    }

    @Test
    void refusesTorrentPathsThatWouldLeaveTheContentPath() throws Exception {
        Metainfo m = TestTorrents.parse(
                TestTorrents.webtorrentFixtures().resolveSibling("libtorrent").resolve("parent_path.torrent"));

        MetainfoException e = assertThrows(
                MetainfoException.class, () -> TorrentStorage.open(m, root, Path.of("t"), rig.resources()));

        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.UNSAFE_PATH);
    }

    @Test
    void refusesASymlinkOnDiskThatLeadsOutOfTheContentPath() throws Exception {
        Path dir = root.resolve("t");
        write(outside.resolve("a"), 100, 1);
        Files.createDirectories(dir);
        Metainfo m = TestTorrents.v1Multi(outside, KIB16, "a");
        Files.createSymbolicLink(dir.resolve("a"), outside.resolve("a"));

        MetainfoException e = assertThrows(
                MetainfoException.class, () -> TorrentStorage.open(m, root, Path.of("t"), rig.resources()));

        assertThat(e.kind()).isEqualTo(MetainfoException.Kind.UNSAFE_PATH);
        assertThat(e.getMessage()).contains("outside");
    }

    @Test
    void aSymlinkLeadingOutThatAppearsAfterOpeningIsNotFollowed() throws Exception {
        Path dir = threeFiles();
        TorrentStorage storage = TorrentStorage.open(
                TestTorrents.v1Multi(dir, KIB16, "a", "b", "c"), root, Path.of("t"), rig.resources());
        Files.move(dir.resolve("a"), outside.resolve("a"));
        Files.createSymbolicLink(dir.resolve("a"), outside.resolve("a"));

        assertThat(storage.verifyPiece(0)).isFalse();
        assertThat(storage.verifyPiece(3)).isTrue();
    }

    @Test
    void refusesReadsOutsideThePiece() throws Exception {
        TorrentStorage storage = checked(TestTorrents.v1Multi(threeFiles(), KIB16, "a", "b", "c"), Path.of("t"));

        assertThrows(IndexOutOfBoundsException.class, () -> storage.read(0, KIB16 - 10, ByteBuffer.allocate(11)));
        assertThrows(IndexOutOfBoundsException.class, () -> storage.read(0, -1, ByteBuffer.allocate(1)));
        assertThrows(IndexOutOfBoundsException.class, () -> storage.read(4, 0, ByteBuffer.allocate(1)));
    }

    @Test
    void closingTheStorageClosesItsFilesAndEndsItsReads() throws Exception {
        TorrentStorage storage = checked(TestTorrents.v1Multi(threeFiles(), KIB16, "a", "b", "c"), Path.of("t"));
        readAll(storage);

        storage.close();

        assertThat(rig.resources().handles().openFiles()).isZero();
        assertThrows(IOException.class, () -> storage.read(0, 0, ByteBuffer.allocate(1)));
    }

    @Test
    void concurrentReadersOfMoreFilesThanMayBeOpenGetTheRightBytes() throws Exception {
        Path dir = root.resolve("t");
        String[] names = new String[10];
        byte[][] contents = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            names[i] = "f" + i;
            contents[i] = write(dir.resolve(names[i]), 7_000 + 1_000 * i, i);
        }
        TorrentStorage storage = checked(TestTorrents.v1Multi(dir, KIB16, names), Path.of("t"));
        byte[] all = concat(contents);
        ExecutorService readers = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                Random random = new Random(t);
                done.add(readers.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        int piece = random.nextInt(storage.pieceCount());
                        int length = (int) storage.pieceLength(piece);
                        int begin = random.nextInt(length);
                        ByteBuffer dst = ByteBuffer.allocateDirect(Math.min(length - begin, 1 + random.nextInt(KIB16)));
                        storage.read(piece, begin, dst);
                        long at = (long) piece * KIB16 + begin;
                        assertThat(bytes(dst)).isEqualTo(Arrays.copyOfRange(all, (int) at, (int) at + dst.limit()));
                        assertThat(rig.resources().handles().openFiles()).isLessThanOrEqualTo(4);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(storage.verifiedCount()).isEqualTo(storage.pieceCount());
    }

    private Path threeFiles() throws Exception {
        return TestTorrents.threeFiles(root.resolve("t"));
    }

    private static byte[] bytes(ByteBuffer filled) {
        filled.flip();
        byte[] out = new byte[filled.remaining()];
        filled.get(out);
        return out;
    }
}

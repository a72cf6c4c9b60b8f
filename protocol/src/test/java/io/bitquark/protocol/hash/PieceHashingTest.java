package io.bitquark.protocol.hash;

import static io.bitquark.protocol.hash.HashBytes.KIB16;
import static io.bitquark.protocol.hash.HashBytes.concat;
import static io.bitquark.protocol.hash.HashBytes.random;
import static io.bitquark.protocol.hash.HashBytes.rootOverBlocks;
import static io.bitquark.protocol.hash.HashBytes.sequentialV1;
import static io.bitquark.protocol.hash.HashBytes.sha1;
import static io.bitquark.protocol.hash.HashBytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeException;
import io.bitquark.protocol.metainfo.MetainfoParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PieceHashingTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final Pools pools = new Pools();

    private PieceHashing hashing(int tasks) {
        return pools.hashing(tasks);
    }

    private ExecutorService pool(int threads) {
        return pools.pool(threads);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alice.torrent",
                "folder.torrent",
                "numbers.torrent",
                "lots-of-numbers.torrent",
                "leaves.torrent",
                "leaves-metadata.torrent"
            })
    void reproducesThePiecesOfAWebtorrentFixtureFromItsContent(String torrent) throws Exception {
        Path fixtures = fixtures();
        BDictionary info = ((BDictionary) BencodeDecoder.lenient()
                        .decode(Files.readAllBytes(fixtures.resolve(torrent)))
                        .root())
                .getDictionary("info");
        int pieceLength = info.getLong("piece length").intValue();
        byte[] expected = info.getString("pieces").bytes();

        for (int threads = 1; threads <= 2; threads++) {
            byte[] pieces = hashing(threads).hashV1(layoutOf(info, fixtures), pieceLength);
            assertThat(pieces).as("%s on %d threads", torrent, threads).isEqualTo(expected);
        }
    }

    @Test
    void piecesCrossFileBoundaries() throws IOException {
        Random random = new Random(1);
        byte[] a = random(random, 10_000);
        byte[] b = random(random, 30_000);
        byte[] c = random(random, 5);
        List<Segment> layout = List.of(file("a", a), file("b", b), file("c", c));

        byte[] pieces = hashing(2).hashV1(layout, KIB16);

        byte[] all = concat(a, b, c);
        assertThat(pieces)
                .isEqualTo(concat(
                        sha1(Arrays.copyOfRange(all, 0, KIB16)),
                        sha1(Arrays.copyOfRange(all, KIB16, 2 * KIB16)),
                        sha1(Arrays.copyOfRange(all, 2 * KIB16, all.length))));
    }

    @Test
    void padSegmentsHashAsZeroBytesAndAreNeverRead() throws IOException {
        Random random = new Random(2);
        byte[] a = random(random, 10_000);
        byte[] b = random(random, 20_000);
        List<Segment> layout = List.of(file("a", a), Segment.padding(KIB16 - 10_000), file("b", b), Segment.padding(3));

        byte[] pieces = hashing(1).hashV1(layout, KIB16);

        byte[] all = concat(a, new byte[KIB16 - 10_000], b, new byte[3]);
        assertThat(pieces)
                .isEqualTo(concat(
                        sha1(Arrays.copyOfRange(all, 0, KIB16)),
                        sha1(Arrays.copyOfRange(all, KIB16, 2 * KIB16)),
                        sha1(Arrays.copyOfRange(all, 2 * KIB16, all.length))));
    }

    @Test
    void anyThreadAndBufferCountGivesTheSequentialResult() throws IOException {
        Random random = new Random(3);
        for (int round = 0; round < 25; round++) {
            List<Segment> layout = new ArrayList<>();
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            int segments = 1 + random.nextInt(6);
            for (int s = 0; s < segments; s++) {
                int length = random.nextInt(4) == 0 ? 0 : random.nextInt(70_000);
                if (random.nextInt(4) == 0) {
                    layout.add(Segment.padding(length));
                    content.write(new byte[length]);
                } else {
                    byte[] data = random(random, length);
                    layout.add(file("r" + round + "-" + s, data));
                    content.write(data);
                }
            }
            int pieceLength = 1 + random.nextInt(40_000);
            byte[] expected = sequentialV1(content.toByteArray(), pieceLength);

            byte[] one = hashing(1).hashV1(layout, pieceLength);
            byte[] two = hashing(2).hashV1(layout, pieceLength);
            byte[] three = PieceHashing.on(pool(1), 3).hashV1(layout, pieceLength);

            assertThat(one).as("round %d, 1 thread", round).isEqualTo(expected);
            assertThat(two).as("round %d, 2 threads", round).isEqualTo(expected);
            assertThat(three).as("round %d, 3 tasks on 1 thread", round).isEqualTo(expected);
        }
    }

    @Test
    void emptyContentHasNoPiecesAndReportsZeroProgress() throws IOException {
        List<Long> progress = new ArrayList<>();
        byte[] pieces = hashing(2).onProgress(progress::add).hashV1(List.of(file("empty", new byte[0])), KIB16);

        assertThat(pieces).isEmpty();
        assertThat(progress).containsExactly(0L);
    }

    @Test
    void aMissingFileSurfacesAsNoSuchFileException() {
        List<Segment> layout = List.of(Segment.file(dir.resolve("absent"), 10));

        assertThrows(NoSuchFileException.class, () -> hashing(2).hashV1(layout, KIB16));
    }

    @Test
    void refusesAFileWhoseSizeIsNotTheDeclaredLength() throws IOException {
        Segment.FileSegment actual = file("short", new byte[100]);
        List<Segment> layout = List.of(Segment.file(actual.path(), 200));

        IOException e = assertThrows(IOException.class, () -> hashing(2).hashV1(layout, KIB16));
        assertThat(e).hasMessageContaining("100 bytes long").hasMessageContaining("200");
    }

    @Test
    void refusesAPieceLengthBelowOne() {
        List<Segment> layout = List.of(Segment.padding(1));

        assertThrows(IllegalArgumentException.class, () -> hashing(2).hashV1(layout, 0));
    }

    @Test
    void hashesAPieceOfTheLargestLengthATorrentMayHaveWithoutHoldingIt() throws IOException {
        int pieceLength = (int) MetainfoParser.MAX_PIECE_LENGTH;
        byte[] head = "large piece".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Segment> layout = List.of(file("head", head), Segment.padding(pieceLength - head.length + 7L));

        byte[] pieces = hashing(2).hashV1(layout, pieceLength);

        // (printf 'large piece'; head -c $(( (1 << 30) - 1 - 11 )) /dev/zero) | sha1sum
        assertThat(HexFormat.of().formatHex(pieces, 0, 20)).isEqualTo("8603ac33ac5ff01986e80fee14916f530564c126");
        assertThat(Arrays.copyOfRange(pieces, 20, 40)).isEqualTo(sha1(new byte[7]));
    }

    @Test
    void progressStrictlyIncreasesAndEndsAtTheTotal() throws IOException {
        byte[] data = random(new Random(4), 40 * KIB16 + 123);
        List<Segment> layout = List.of(file("data", data), Segment.padding(1000));
        List<Long> progress = new ArrayList<>();

        hashing(2).onProgress(progress::add).hashV1(layout, KIB16);

        assertThat(progress).isNotEmpty().isSorted().doesNotHaveDuplicates();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(data.length + 1000L);
    }

    @Test
    void theCancelConditionStopsHashingWithACancellationException() throws IOException {
        List<Segment> layout = List.of(file("big", random(new Random(5), 64 * KIB16)));
        AtomicLong seen = new AtomicLong();
        PieceHashing hashing = hashing(1).onProgress(seen::set).cancelWhen(() -> seen.get() > 0);

        CancellationException e = assertThrows(CancellationException.class, () -> hashing.hashV1(layout, KIB16));

        assertThat(e).hasMessageContaining("cancelled");
        assertThat(seen.get()).as("the piece hashed before the condition held").isEqualTo(KIB16);
    }

    @Test
    void interruptingTheHashingCallingThreadCancelsAndKeepsTheInterrupt() throws IOException {
        List<Segment.FileSegment> files = List.of(file("big", random(new Random(6), 64 * KIB16)));
        AtomicLong seen = new AtomicLong();
        PieceHashing hashing = hashing(1).onProgress(bytes -> {
            seen.set(bytes);
            Thread.currentThread().interrupt();
        });

        assertThrows(CancellationException.class, () -> hashing.hashV2(files, KIB16));

        assertThat(Thread.interrupted()).isTrue();
        assertThat(seen.get()).isEqualTo(KIB16);
    }

    @Test
    @Timeout(60)
    void interruptingACallerWaitingForItsTasksCancelsThemAndWaitsForThemToEnd() throws Exception {
        List<Segment> layout = List.of(file("waiting", random(new Random(21), 8 * KIB16)));
        Thread caller = Thread.currentThread();
        List<Runnable> held = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        ExecutorService runner = pool(1);
        Executor heldUntilTheCallerWaits = task -> {
            held.add(task);
            runner.execute(() -> {
                while (caller.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
                task.run();
            });
        };
        PieceHashing hashing = PieceHashing.on(heldUntilTheCallerWaits, 1).onProgress(progress::add);
        caller.interrupt();

        assertThrows(CancellationException.class, () -> hashing.hashV1(layout, KIB16));

        assertThat(Thread.interrupted()).isTrue();
        assertThat(held).as("the one task, never queued again").hasSize(1);
        assertThat(progress)
                .as("no piece was taken once the caller was interrupted")
                .isEmpty();
    }

    @Test
    void aFailingProgressListenerStopsTheTasks() throws IOException {
        List<Segment> layout = List.of(file("big", random(new Random(7), 32 * KIB16)));
        PieceHashing hashing = hashing(2).onProgress(bytes -> {
            if (bytes > 0) {
                throw new IllegalStateException("listener gave up");
            }
        });

        assertThrows(IllegalStateException.class, () -> hashing.hashV1(layout, KIB16));
    }

    @Test
    void theRootOfAOneBlockFileIsTheSha256OfTheBlock() throws IOException {
        byte[] block = random(new Random(8), KIB16);

        V2FileHashes hashes = hashV2One(file("one-block", block), KIB16);

        assertThat(hashes.piecesRoot())
                .hasValueSatisfying(root -> assertThat(root).isEqualTo(sha256(block)));
        assertThat(hashes.hasPieceLayer()).isFalse();
    }

    @Test
    void theRootOfAFileShorterThanABlockIsTheSha256OfItsBytesUnpadded() throws IOException {
        byte[] data = "hello merkle".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        V2FileHashes hashes = hashV2One(file("short", data), 4 * KIB16);

        assertThat(hashes.piecesRoot())
                .hasValueSatisfying(root -> assertThat(root).isEqualTo(sha256(data)));
    }

    @Test
    void aThreeBlockFilePadsToFourLeavesWithZeroHashes() throws IOException {
        byte[] data = random(new Random(9), 2 * KIB16 + 500);
        byte[] h0 = sha256(Arrays.copyOfRange(data, 0, KIB16));
        byte[] h1 = sha256(Arrays.copyOfRange(data, KIB16, 2 * KIB16));
        byte[] h2 = sha256(Arrays.copyOfRange(data, 2 * KIB16, data.length));
        byte[] zero = new byte[32];
        byte[] expected = sha256(concat(sha256(concat(h0, h1)), sha256(concat(h2, zero))));

        V2FileHashes hashes = hashV2One(file("three-blocks", data), 4 * KIB16);

        assertThat(hashes.piecesRoot())
                .hasValueSatisfying(root -> assertThat(root).isEqualTo(expected));
        assertThat(hashes.hasPieceLayer()).isFalse();
    }

    @Test
    void aFileLargerThanAPieceHasAPieceLayerThatRebuildsItsRoot() throws IOException {
        int pieceLength = 2 * KIB16;
        byte[] data = random(new Random(10), 4 * KIB16 + 700);
        byte[][] h = new byte[5][];
        for (int b = 0; b < 5; b++) {
            h[b] = sha256(Arrays.copyOfRange(data, b * KIB16, Math.min(data.length, (b + 1) * KIB16)));
        }
        byte[] zero = new byte[32];
        byte[] piece0 = sha256(concat(h[0], h[1]));
        byte[] piece1 = sha256(concat(h[2], h[3]));
        byte[] piece2 = sha256(concat(h[4], zero));
        byte[] zeroPiece = sha256(concat(zero, zero));
        byte[] expectedRoot = sha256(concat(sha256(concat(piece0, piece1)), sha256(concat(piece2, zeroPiece))));

        V2FileHashes hashes = hashV2One(file("three-pieces", data), pieceLength);

        assertThat(hashes.pieceLayer()).isEqualTo(concat(piece0, piece1, piece2));
        assertThat(hashes.piecesRoot()).hasValueSatisfying(root -> {
            assertThat(root).isEqualTo(expectedRoot);
            assertThat(MerkleTree.rootFromPieceLayer(hashes.pieceLayer(), pieceLength))
                    .isEqualTo(root);
        });
    }

    @Test
    void aFileOfExactlyOnePieceHasNoPieceLayer() throws IOException {
        byte[] data = random(new Random(11), 2 * KIB16);
        byte[] expected = sha256(
                concat(sha256(Arrays.copyOfRange(data, 0, KIB16)), sha256(Arrays.copyOfRange(data, KIB16, 2 * KIB16))));

        V2FileHashes hashes = hashV2One(file("one-piece", data), 2 * KIB16);

        assertThat(hashes.hasPieceLayer()).isFalse();
        assertThat(hashes.piecesRoot())
                .hasValueSatisfying(root -> assertThat(root).isEqualTo(expected));
    }

    @Test
    void anEmptyFileHasNoPiecesRootAndNoPieceLayer() throws IOException {
        V2FileHashes hashes = hashV2One(file("empty", new byte[0]), KIB16);

        assertThat(hashes.length()).isZero();
        assertThat(hashes.piecesRoot()).isEmpty();
        assertThat(hashes.pieceLayer()).isEmpty();
    }

    @Test
    void v2RootsAgreeWithTheMerkleTreeOverAllBlocksOnAnyThreadCount() throws IOException {
        Random random = new Random(12);
        for (int round = 0; round < 10; round++) {
            int pieceLength = KIB16 << random.nextInt(3);
            List<Segment.FileSegment> files = new ArrayList<>();
            List<byte[]> contents = new ArrayList<>();
            for (int f = 0; f < 1 + random.nextInt(4); f++) {
                byte[] data = random(random, random.nextInt(5) == 0 ? 0 : random.nextInt(9 * KIB16));
                contents.add(data);
                files.add(file("v2-" + round + "-" + f, data));
            }

            List<V2FileHashes> one = hashing(1).hashV2(files, pieceLength);
            List<V2FileHashes> two = hashing(2).hashV2(files, pieceLength);

            assertThat(two).isEqualTo(one);
            for (int f = 0; f < files.size(); f++) {
                byte[] data = contents.get(f);
                if (data.length == 0) {
                    assertThat(one.get(f).piecesRoot()).isEmpty();
                    continue;
                }
                byte[] expected = rootOverBlocks(data);
                assertThat(one.get(f).piecesRoot())
                        .as("round %d file %d", round, f)
                        .hasValueSatisfying(root -> assertThat(root).isEqualTo(expected));
                assertThat(one.get(f).hasPieceLayer()).isEqualTo(data.length > pieceLength);
            }
        }
    }

    @Test
    void refusesAV2PieceLengthThatIsNotAPowerOfTwoOfAtLeast16KiB() {
        List<Segment.FileSegment> files = List.of(Segment.file(dir.resolve("x"), 1));

        assertThrows(IllegalArgumentException.class, () -> hashing(2).hashV2(files, 8 * 1024));
        assertThrows(IllegalArgumentException.class, () -> hashing(2).hashV2(files, 3 * KIB16));
    }

    @Test
    void aHybridPassEqualsSeparateV1AndV2PassesOverThePaddedLayout() throws IOException {
        Random random = new Random(13);
        List<Segment.FileSegment> files = List.of(
                file("h0", random(random, 10_000)),
                file("h1", random(random, 2 * KIB16)),
                file("h2", new byte[0]),
                file("h3", random(random, 3 * KIB16 + 1)),
                file("h4", random(random, 777)));
        PieceHashing hashing = hashing(2);

        HybridHashes hybrid = hashing.hashHybrid(files, KIB16);

        assertThat(hybrid.v1Layout())
                .containsExactly(
                        files.get(0),
                        Segment.padding(KIB16 - 10_000),
                        files.get(1),
                        files.get(2),
                        files.get(3),
                        Segment.padding(KIB16 - 1),
                        files.get(4));
        assertThat(hybrid.v1Pieces()).isEqualTo(hashing.hashV1(hybrid.v1Layout(), KIB16));
        assertThat(hybrid.files()).isEqualTo(hashing.hashV2(files, KIB16));
    }

    @Test
    void hybridProgressCountsFileBytesOnly() throws IOException {
        List<Segment.FileSegment> files = List.of(file("p0", new byte[100]), file("p1", new byte[KIB16 + 1]));
        List<Long> progress = new ArrayList<>();

        hashing(2).onProgress(progress::add).hashHybrid(files, KIB16);

        assertThat(progress.get(progress.size() - 1)).isEqualTo(100L + KIB16 + 1);
    }

    @Test
    void piecesSpanningSeveralReadsHashLikeTheirWholeContent() throws IOException {
        Random random = new Random(14);
        int pieceLength = 512 * 1024;
        byte[] a = random(random, 700_001);
        byte[] b = random(random, 3 * pieceLength);
        byte[] c = random(random, 129 * 1024 + 7);
        List<Segment> layout = List.of(file("big-a", a), Segment.padding(300_000), file("big-b", b), file("big-c", c));
        byte[] expected = sequentialV1(concat(a, new byte[300_000], b, c), pieceLength);

        for (int threads = 1; threads <= 3; threads++) {
            byte[] pieces = hashing(threads).hashV1(layout, pieceLength);
            assertThat(pieces).as("%d threads", threads).isEqualTo(expected);
        }
    }

    @Test
    void v2AndHybridPiecesSpanningSeveralReadsMatchTheirBlockByBlockDefinition() throws IOException {
        Random random = new Random(15);
        int pieceLength = 512 * 1024;
        byte[] a = random(random, 2 * pieceLength + 40_000);
        byte[] b = random(random, 300_000);
        List<Segment.FileSegment> files = List.of(file("v2-a", a), file("v2-b", b));

        for (int threads = 1; threads <= 3; threads++) {
            HybridHashes hybrid = hashing(threads).hashHybrid(files, pieceLength);

            byte[] padded = concat(a, new byte[pieceLength - 40_000], b);
            assertThat(hybrid.v1Pieces()).as("%d threads", threads).isEqualTo(sequentialV1(padded, pieceLength));
            assertThat(hybrid.files().get(0).piecesRoot())
                    .hasValueSatisfying(root -> assertThat(root).isEqualTo(rootOverBlocks(a)));
            assertThat(hybrid.files().get(1).piecesRoot())
                    .hasValueSatisfying(root -> assertThat(root).isEqualTo(rootOverBlocks(b)));
            assertThat(hybrid.files().get(0).pieceLayer()).hasSize(3 * 32);
        }
    }

    @Test
    void aMissingFileLateInTheContentSurfacesAsNoSuchFileExceptionOnAnyThreadCount() throws IOException {
        List<Segment> layout = List.of(
                file("present", random(new Random(16), 40 * KIB16)),
                Segment.file(dir.resolve("absent-late"), 5 * KIB16));

        for (int threads = 1; threads <= 3; threads++) {
            PieceHashing hashing = hashing(threads);
            assertThrows(NoSuchFileException.class, () -> hashing.hashV1(layout, KIB16));
        }
    }

    @Test
    void onTheCallingThreadEverythingRunsOnTheCallingThread() throws IOException {
        List<Segment> layout = List.of(file("alone", random(new Random(17), 8 * KIB16)));
        Set<Thread> reporters = new HashSet<>();

        PieceHashing.onCallingThread()
                .onProgress(bytes -> reporters.add(Thread.currentThread()))
                .hashV1(layout, KIB16);

        assertThat(reporters).containsExactly(Thread.currentThread());
    }

    @Test
    void progressReportsComeOneAtATimeFromTheHashingThreads() throws IOException {
        List<Segment.FileSegment> files = List.of(file("threads", random(new Random(18), 30 * KIB16)));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Set<Thread> reporters = ConcurrentHashMap.newKeySet();

        hashing(3)
                .onProgress(bytes -> {
                    if (inside.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    reporters.add(Thread.currentThread());
                    inside.decrementAndGet();
                })
                .hashHybrid(files, KIB16);

        assertThat(overlaps).hasValue(0);
        assertThat(reporters).isNotEmpty().doesNotContain(Thread.currentThread());
    }

    @Test
    void aCancelledCallFinishesOnlyThePiecesItsTasksHold() throws IOException {
        List<Segment> layout = List.of(file("window", random(new Random(19), 64 * KIB16)));
        AtomicLong seen = new AtomicLong();
        PieceHashing hashing = hashing(2).onProgress(seen::set).cancelWhen(() -> seen.get() > 0);

        assertThrows(CancellationException.class, () -> hashing.hashV1(layout, KIB16));

        assertThat(seen.get())
                .as("the first piece, and at most one piece the other task held")
                .isLessThanOrEqualTo(2L * KIB16);
    }

    @Test
    void aCallLeavesNothingOnItsExecutorOnceItReturns() throws Exception {
        List<Segment> good = List.of(file("good", random(new Random(22), 40 * KIB16)));
        List<Segment> bad =
                List.of(file("ok", random(new Random(23), 40 * KIB16)), Segment.file(dir.resolve("gone"), 9));
        AtomicInteger submitted = new AtomicInteger();
        ExecutorService pool = pool(2);
        PieceHashing hashing = PieceHashing.on(
                task -> {
                    submitted.incrementAndGet();
                    pool.execute(task);
                },
                2);

        hashing.hashV1(good, KIB16);
        assertThrows(NoSuchFileException.class, () -> hashing.hashV1(bad, KIB16));
        int atReturn = submitted.get();
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        assertThat(submitted).hasValue(atReturn);
    }

    @Test
    void callsSharingAnExecutorTakeTurns() throws Exception {
        // the long call's first slice waits until the short call has queued its first task, so that the short call
        // starts while the long one is one slice in, however the threads are scheduled
        ExecutorService one = pool(1);
        CountDownLatch shortQueued = new CountDownLatch(1);
        AtomicInteger submissions = new AtomicInteger();
        Executor watched = task -> {
            if (submissions.incrementAndGet() == 2) {
                shortQueued.countDown(); // the long call's first task was the first; nothing else submits here
            }
            one.execute(task);
        };
        PieceHashing shared = PieceHashing.on(watched, 1);
        int pieceLength = (int) PieceHashing.SLICE_BYTES;
        int pieces = 16;
        PieceHashes zeros = PieceHashes.v1(pieceLength, (long) pieces * pieceLength, new byte[pieces * 20]);
        BitSet all = new BitSet();
        all.set(0, pieces);
        AtomicBoolean firstRead = new AtomicBoolean(true);
        PieceHashing.Verification longCheck = shared.verify(zeros, all, (offset, dst) -> {
            if (firstRead.getAndSet(false)) {
                try {
                    assertThat(shortQueued.await(1, TimeUnit.MINUTES)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            dst.position(dst.limit());
        });
        AtomicLong longCheckedWhenShortEnded = new AtomicLong(-1);

        shared.onProgress(bytes -> longCheckedWhenShortEnded.set(longCheck.checkedBytes()))
                .hashV1(List.of(file("short", random(new Random(24), KIB16))), KIB16);

        assertThat(longCheckedWhenShortEnded.get())
                .as("the long call, started first on the one thread, had had at most two turns")
                .isBetween(0L, 2L * pieceLength);
        assertThat(longCheck.result().get(1, TimeUnit.MINUTES)).isEqualTo(new BitSet());
        assertThat(longCheck.checkedBytes()).isEqualTo(longCheck.totalBytes());
    }

    private V2FileHashes hashV2One(Segment.FileSegment file, int pieceLength) throws IOException {
        List<V2FileHashes> hashes = hashing(2).hashV2(List.of(file), pieceLength);
        assertThat(hashes).hasSize(1);
        assertThat(hashes.get(0).length()).isEqualTo(file.length());
        return hashes.get(0);
    }

    private static List<Segment> layoutOf(BDictionary info, Path fixtures) throws BencodeException {
        Path base = fixtures.resolve(info.getText("name"));
        BList files = info.getList("files");
        if (files == null) {
            return List.of(Segment.file(base, info.getLong("length")));
        }
        List<Segment> layout = new ArrayList<>();
        for (BValue entry : files.values()) {
            BDictionary file = (BDictionary) entry;
            Path path = base;
            for (BValue component : file.getList("path").values()) {
                path = path.resolve(((BString) component).utf8());
            }
            layout.add(Segment.file(path, file.getLong("length")));
        }
        return layout;
    }

    private Path fixtures() throws URISyntaxException {
        return Path.of(getClass().getResource("/fixtures/webtorrent").toURI());
    }

    private Segment.FileSegment file(String name, byte[] content) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return Segment.file(path, content.length);
    }
}

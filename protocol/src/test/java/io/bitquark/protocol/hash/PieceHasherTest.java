package io.bitquark.protocol.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PieceHasherTest {

    private static final int KIB16 = 16 * 1024;

    @TempDir
    Path dir;

    @AfterEach
    void noWorkerThreadOutlivesTheCall() {
        assertThat(liveWorkerThreads()).isEmpty();
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
            byte[] pieces =
                    PieceHasher.builder().threads(threads).build().hashV1(layoutOf(info, fixtures), pieceLength);
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

        byte[] pieces = PieceHasher.builder().threads(2).build().hashV1(layout, KIB16);

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

        byte[] pieces = PieceHasher.builder().threads(1).build().hashV1(layout, KIB16);

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

            byte[] one = PieceHasher.builder().threads(1).build().hashV1(layout, pieceLength);
            byte[] two = PieceHasher.builder().threads(2).build().hashV1(layout, pieceLength);
            byte[] three = PieceHasher.builder().threads(3).buffers(1).build().hashV1(layout, pieceLength);

            assertThat(one).as("round %d, 1 thread", round).isEqualTo(expected);
            assertThat(two).as("round %d, 2 threads", round).isEqualTo(expected);
            assertThat(three).as("round %d, 3 threads 1 buffer", round).isEqualTo(expected);
        }
    }

    @Test
    void emptyContentHasNoPiecesAndReportsZeroProgress() throws IOException {
        List<Long> progress = new ArrayList<>();
        byte[] pieces = PieceHasher.builder()
                .onProgress(progress::add)
                .build()
                .hashV1(List.of(file("empty", new byte[0])), KIB16);

        assertThat(pieces).isEmpty();
        assertThat(progress).containsExactly(0L);
    }

    @Test
    void aMissingFileSurfacesAsNoSuchFileException() {
        List<Segment> layout = List.of(Segment.file(dir.resolve("absent"), 10));

        assertThrows(NoSuchFileException.class, () -> PieceHasher.create().hashV1(layout, KIB16));
    }

    @Test
    void refusesAFileWhoseSizeIsNotTheDeclaredLength() throws IOException {
        Segment.FileSegment actual = file("short", new byte[100]);
        List<Segment> layout = List.of(Segment.file(actual.path(), 200));

        IOException e =
                assertThrows(IOException.class, () -> PieceHasher.create().hashV1(layout, KIB16));
        assertThat(e).hasMessageContaining("100 bytes long").hasMessageContaining("200");
    }

    @Test
    void refusesAPieceLengthOutOfRange() {
        List<Segment> layout = List.of(Segment.padding(1));

        assertThrows(IllegalArgumentException.class, () -> PieceHasher.create().hashV1(layout, 0));
        assertThrows(IllegalArgumentException.class, () -> PieceHasher.create()
                .hashV1(layout, PieceHasher.MAX_PIECE_LENGTH + 1));
    }

    @Test
    void progressStrictlyIncreasesAndEndsAtTheTotal() throws IOException {
        byte[] data = random(new Random(4), 40 * KIB16 + 123);
        List<Segment> layout = List.of(file("data", data), Segment.padding(1000));
        List<Long> progress = new ArrayList<>();

        PieceHasher.builder().threads(2).onProgress(progress::add).build().hashV1(layout, KIB16);

        assertThat(progress).isNotEmpty().isSorted().doesNotHaveDuplicates();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(data.length + 1000L);
    }

    @Test
    void theCancelConditionStopsHashingWithACancellationException() throws IOException {
        List<Segment> layout = List.of(file("big", random(new Random(5), 64 * KIB16)));
        AtomicLong seen = new AtomicLong();
        PieceHasher hasher = PieceHasher.builder()
                .threads(1)
                .buffers(2)
                .onProgress(seen::set)
                .cancelWhen(() -> seen.get() > 0)
                .build();

        CancellationException e = assertThrows(CancellationException.class, () -> hasher.hashV1(layout, KIB16));

        assertThat(e).hasMessageContaining("cancelled");
        assertThat(seen.get()).isPositive().isLessThan(64L * KIB16);
    }

    @Test
    void interruptingTheCallingThreadCancelsAndKeepsTheInterrupt() throws IOException {
        List<Segment.FileSegment> files = List.of(file("big", random(new Random(6), 64 * KIB16)));
        AtomicLong seen = new AtomicLong();
        PieceHasher hasher = PieceHasher.builder()
                .threads(2)
                .buffers(2)
                .onProgress(bytes -> {
                    seen.set(bytes);
                    if (bytes > 0) {
                        Thread.currentThread().interrupt();
                    }
                })
                .build();

        assertThrows(CancellationException.class, () -> hasher.hashV2(files, KIB16));

        assertThat(Thread.interrupted()).isTrue();
        assertThat(seen.get()).isLessThan(64L * KIB16);
    }

    @Test
    void aFailingProgressListenerStopsTheWorkers() throws IOException {
        List<Segment> layout = List.of(file("big", random(new Random(7), 32 * KIB16)));
        PieceHasher hasher = PieceHasher.builder()
                .threads(2)
                .onProgress(bytes -> {
                    if (bytes > 0) {
                        throw new IllegalStateException("listener gave up");
                    }
                })
                .build();

        assertThrows(IllegalStateException.class, () -> hasher.hashV1(layout, KIB16));
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

            List<V2FileHashes> one = PieceHasher.builder().threads(1).build().hashV2(files, pieceLength);
            List<V2FileHashes> two = PieceHasher.builder().threads(2).build().hashV2(files, pieceLength);

            assertThat(two).isEqualTo(one);
            for (int f = 0; f < files.size(); f++) {
                byte[] data = contents.get(f);
                if (data.length == 0) {
                    assertThat(one.get(f).piecesRoot()).isEmpty();
                    continue;
                }
                int blocks = (data.length + KIB16 - 1) / KIB16;
                ByteArrayOutputStream leaves = new ByteArrayOutputStream();
                for (int b = 0; b < blocks; b++) {
                    leaves.writeBytes(
                            sha256(Arrays.copyOfRange(data, b * KIB16, Math.min(data.length, (b + 1) * KIB16))));
                }
                byte[] expected =
                        MerkleTree.root(leaves.toByteArray(), MerkleTree.nextPowerOfTwo(blocks), new byte[32]);
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

        assertThrows(IllegalArgumentException.class, () -> PieceHasher.create().hashV2(files, 8 * 1024));
        assertThrows(IllegalArgumentException.class, () -> PieceHasher.create().hashV2(files, 3 * KIB16));
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
        PieceHasher hasher = PieceHasher.builder().threads(2).build();

        HybridHashes hybrid = hasher.hashHybrid(files, KIB16);

        assertThat(hybrid.v1Layout())
                .containsExactly(
                        files.get(0),
                        Segment.padding(KIB16 - 10_000),
                        files.get(1),
                        files.get(2),
                        files.get(3),
                        Segment.padding(KIB16 - 1),
                        files.get(4));
        assertThat(hybrid.v1Pieces()).isEqualTo(hasher.hashV1(hybrid.v1Layout(), KIB16));
        assertThat(hybrid.files()).isEqualTo(hasher.hashV2(files, KIB16));
    }

    @Test
    void hybridProgressCountsFileBytesOnly() throws IOException {
        List<Segment.FileSegment> files = List.of(file("p0", new byte[100]), file("p1", new byte[KIB16 + 1]));
        List<Long> progress = new ArrayList<>();

        PieceHasher.builder().onProgress(progress::add).build().hashHybrid(files, KIB16);

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
            byte[] pieces = PieceHasher.builder().threads(threads).build().hashV1(layout, pieceLength);
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
            HybridHashes hybrid = PieceHasher.builder().threads(threads).build().hashHybrid(files, pieceLength);

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
            PieceHasher hasher = PieceHasher.builder().threads(threads).build();
            assertThrows(NoSuchFileException.class, () -> hasher.hashV1(layout, KIB16));
        }
    }

    @Test
    void oneThreadHashesOnTheCallingThreadAlone() throws IOException {
        List<Segment> layout = List.of(file("alone", random(new Random(17), 8 * KIB16)));
        List<String> workersSeen = new ArrayList<>();

        PieceHasher.builder()
                .threads(1)
                .onProgress(bytes -> workersSeen.addAll(liveWorkerThreads()))
                .build()
                .hashV1(layout, KIB16);

        assertThat(workersSeen).isEmpty();
    }

    @Test
    void progressIsReportedOnTheCallingThread() throws IOException {
        List<Segment.FileSegment> files = List.of(file("caller", random(new Random(18), 30 * KIB16)));
        List<Thread> callers = new ArrayList<>();

        PieceHasher.builder()
                .threads(3)
                .onProgress(bytes -> callers.add(Thread.currentThread()))
                .build()
                .hashHybrid(files, KIB16);

        assertThat(callers).isNotEmpty().containsOnly(Thread.currentThread());
    }

    @Test
    void workersHashAtMostBuffersPiecesBeyondTheCallingThreadsPiece() throws IOException {
        List<Segment> layout = List.of(file("window", random(new Random(19), 64 * KIB16)));
        List<Long> reports = new ArrayList<>();
        PieceHasher hasher = PieceHasher.builder()
                .threads(3)
                .buffers(2)
                .onProgress(bytes -> {
                    if (bytes > 0) {
                        reports.add(bytes);
                        if (reports.size() == 1) {
                            pause(100);
                        }
                    }
                })
                .cancelWhen(() -> reports.size() >= 2)
                .build();

        assertThrows(CancellationException.class, () -> hasher.hashV1(layout, KIB16));

        // after piece 0 the workers may take pieces 1-2, after piece 3 pieces 4-5, however long the caller waits
        assertThat(reports).hasSize(2);
        assertThat(reports.get(1)).isLessThanOrEqualTo(6L * KIB16);
    }

    private V2FileHashes hashV2One(Segment.FileSegment file, int pieceLength) throws IOException {
        List<V2FileHashes> hashes = PieceHasher.builder().threads(2).build().hashV2(List.of(file), pieceLength);
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

    private static List<String> liveWorkerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(PieceHasher.THREAD_NAME_PREFIX))
                .map(Thread::getName)
                .collect(Collectors.toList());
    }

    private static byte[] sequentialV1(byte[] content, int pieceLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int from = 0; from < content.length; from += pieceLength) {
            out.writeBytes(sha1(Arrays.copyOfRange(content, from, Math.min(content.length, from + pieceLength))));
        }
        return out.toByteArray();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] rootOverBlocks(byte[] data) {
        int blocks = (data.length + KIB16 - 1) / KIB16;
        ByteArrayOutputStream leaves = new ByteArrayOutputStream();
        for (int b = 0; b < blocks; b++) {
            leaves.writeBytes(sha256(Arrays.copyOfRange(data, b * KIB16, Math.min(data.length, (b + 1) * KIB16))));
        }
        return MerkleTree.root(leaves.toByteArray(), MerkleTree.nextPowerOfTwo(blocks), new byte[32]);
    }

    private static byte[] random(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] sha1(byte[] data) {
        return digest("SHA-1", data);
    }

    private static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

package io.bitquark.protocol.hash;

import static io.bitquark.protocol.hash.HashBytes.KIB16;
import static io.bitquark.protocol.hash.HashBytes.concat;
import static io.bitquark.protocol.hash.HashBytes.random;
import static io.bitquark.protocol.hash.HashBytes.sequentialV1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Checking pieces against a torrent: one piece at a time, block by block, or a set of them on an executor. */
class PieceHashesTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final Pools pools = new Pools();

    private final PieceHashing hashing = pools.hashing(2);

    @Test
    void everyPieceOfAV1TorrentMatchesItsContentAndAFlippedByteFailsExactlyItsPiece() throws Exception {
        byte[] content = random(new Random(1), 5 * KIB16 + 123);
        Metainfo torrent = v1(content, KIB16);
        PieceHashes hashes = torrent.pieceHashes();
        content[3 * KIB16 + 9] ^= 1;

        BitSet verified =
                hashing.verify(hashes, all(hashes), source(content)).result().get(1, TimeUnit.MINUTES);

        assertThat(hashes.isV2()).isFalse();
        assertThat(hashes.pieceCount()).isEqualTo(6);
        assertThat(hashes.pieceSize(5)).isEqualTo(123);
        assertThat(verified).isEqualTo(bits(0, 1, 2, 4, 5));
    }

    @Test
    void aPieceIsCheckedFromBlocksAppendedInOrderAsTheyArrive() throws Exception {
        byte[] content = random(new Random(2), 3 * 4 * KIB16);
        PieceHashes hashes = v1(content, 4 * KIB16).pieceHashes();

        PieceDigest piece = hashes.digest(1);
        for (int block = 0; block < 4; block++) {
            piece.update(content, 4 * KIB16 + block * KIB16, KIB16);
        }
        PieceDigest shortOfABlock = hashes.digest(2);
        shortOfABlock.update(content, 8 * KIB16, 3 * KIB16);

        assertThat(hashes.matches(1, piece)).isTrue();
        assertThat(hashes.matches(2, shortOfABlock)).isFalse();
    }

    @Test
    void v2PiecesMatchTheirPieceLayerOrTheirFilesPiecesRootAndACorruptBlockFailsOnlyItsPiece() throws Exception {
        int pieceLength = 2 * KIB16;
        byte[] big = random(new Random(3), 5 * pieceLength - 100);
        byte[] small = random(new Random(4), 3 * KIB16 / 2);
        Metainfo torrent = v2(pieceLength, big, small);
        PieceHashes hashes = torrent.pieceHashes();
        byte[] space = concat(big, new byte[100], small, new byte[pieceLength - small.length]);

        assertThat(hashes.isV2()).isTrue();
        assertThat(hashes.pieceCount()).isEqualTo(6);
        for (int p = 0; p < 6; p++) {
            assertThat(hashes.verify(p, source(space), ByteBuffer.allocate(5000)))
                    .as("piece %d", p)
                    .isTrue();
        }
        assertThat(hashes.dataLength(4))
                .as("the last piece of big, without its pad")
                .isEqualTo(pieceLength - 100);
        assertThat(hashes.dataLength(5)).isEqualTo(small.length);

        space[2 * pieceLength + KIB16 + 7] ^= 1;
        space[5 * pieceLength + 1] ^= 1;
        BitSet verified =
                hashing.verify(hashes, all(hashes), source(space)).result().get(1, TimeUnit.MINUTES);

        assertThat(verified).isEqualTo(bits(0, 1, 3, 4));
    }

    @Test
    void aV2PieceFedWithItsPadStillMatchesAsADownloadedPieceWould() throws Exception {
        int pieceLength = 4 * KIB16;
        byte[] file = random(new Random(5), KIB16 + 10);
        PieceHashes hashes = v2(pieceLength, file).pieceHashes();
        byte[] piece = concat(file, new byte[pieceLength - file.length]);

        PieceDigest digest = hashes.digest(0);
        for (int at = 0; at < pieceLength; at += KIB16) {
            digest.update(piece, at, KIB16);
        }

        assertThat(hashes.pieceSize(0)).isEqualTo(pieceLength);
        assertThat(hashes.matches(0, digest)).isTrue();
    }

    @Test
    void aPieceOfAV2FileWhoseTorrentLacksItsPieceLayerNeverMatches() throws Exception {
        int pieceLength = KIB16;
        byte[] file = random(new Random(6), 3 * KIB16);
        V2FileHashes real = PieceHashing.onCallingThread()
                .hashV2(List.of(write("f", file)), pieceLength)
                .get(0);
        PieceHashes withLayer = PieceHashes.v2(pieceLength, file.length)
                .file(0, file.length, real.piecesRoot().orElseThrow(), real.pieceLayer())
                .build();
        PieceHashes withoutLayer = PieceHashes.v2(pieceLength, file.length)
                .file(0, file.length, real.piecesRoot().orElseThrow(), null)
                .build();

        assertThat(withLayer.verify(1, source(file), ByteBuffer.allocate(KIB16)))
                .isTrue();
        assertThat(withoutLayer.verify(1, source(file), ByteBuffer.allocate(KIB16)))
                .isFalse();
    }

    @Test
    void aHybridTorrentsPiecesAreCheckedWithItsV1Hashes() throws Exception {
        byte[] a = random(new Random(7), 10_000);
        byte[] b = random(new Random(8), 20_000);
        List<Segment.FileSegment> files = List.of(write("a", a), write("b", b));
        HybridHashes created = PieceHashing.onCallingThread().hashHybrid(files, KIB16);
        MetainfoBuilder builder = MetainfoBuilder.hybrid("h", KIB16);
        for (int i = 0; i < files.size(); i++) {
            V2FileHashes h = created.files().get(i);
            byte[] root = h.piecesRoot().orElseThrow();
            builder.addFile(List.of(i == 0 ? "a" : "b"), h.length(), Set.of(), root);
            if (h.hasPieceLayer()) {
                builder.pieceLayer(root, h.pieceLayer());
            }
        }
        PieceHashes hashes = builder.pieces(created.v1Pieces()).build().pieceHashes();

        BitSet verified = hashing.verify(hashes, all(hashes), source(concat(a, new byte[KIB16 - 10_000], b)))
                .result()
                .get(1, TimeUnit.MINUTES);

        assertThat(hashes.isV2()).isFalse();
        assertThat(verified).isEqualTo(bits(0, 1, 2));
    }

    @Test
    void anUnreadablePieceFailsItsCheckWithoutFailingTheRun() throws Exception {
        byte[] content = random(new Random(9), 4 * KIB16);
        PieceHashes hashes = v1(content, KIB16).pieceHashes();
        PieceSource failsAtPieceTwo = (offset, dst) -> {
            if (offset == 2 * KIB16) {
                throw new IOException("bad sector");
            }
            source(content).read(offset, dst);
        };

        BitSet verified =
                hashing.verify(hashes, all(hashes), failsAtPieceTwo).result().get(1, TimeUnit.MINUTES);

        assertThat(verified).isEqualTo(bits(0, 1, 3));
    }

    @Test
    void checksOnlyThePiecesAskedForAndCountsTheirBytes() throws Exception {
        byte[] content = random(new Random(10), 10 * KIB16 + 1);
        PieceHashes hashes = v1(content, KIB16).pieceHashes();
        List<Long> progress = new ArrayList<>();

        PieceHashing.Verification check = PieceHashing.onCallingThread()
                .onProgress(progress::add)
                .verify(hashes, bits(2, 5, 10, 40), source(content));

        assertThat(check.result().get(1, TimeUnit.MINUTES)).isEqualTo(bits(2, 5, 10));
        assertThat(check.totalBytes()).isEqualTo(2L * KIB16 + 1);
        assertThat(progress).containsExactly((long) KIB16, 2L * KIB16, 2L * KIB16 + 1);
    }

    @Test
    void aCancelledCheckStopsTakingPiecesAndFailsWithCancellation() throws Exception {
        byte[] content = random(new Random(11), 256 * KIB16);
        PieceHashes hashes = v1(content, KIB16).pieceHashes();
        AtomicReference<PieceHashing.Verification> check = new AtomicReference<>();
        PieceHashing cancelling = hashing.onProgress(bytes -> {
            synchronized (check) {
                check.get().cancel();
            }
        });
        synchronized (check) {
            check.set(cancelling.verify(hashes, all(hashes), source(content)));
        }

        assertThrows(CancellationException.class, () -> check.get().result().get(1, TimeUnit.MINUTES));
        assertThat(check.get().checkedBytes())
                .as("each of the 2 tasks finishes at most the piece it holds")
                .isLessThanOrEqualTo(3L * KIB16);
    }

    @Test
    void nothingToCheckCompletesAtOnceReportingZero() throws Exception {
        PieceHashes hashes = v1(new byte[KIB16], KIB16).pieceHashes();
        List<Long> progress = new ArrayList<>();

        PieceHashing.Verification check =
                hashing.onProgress(progress::add).verify(hashes, new BitSet(), source(new byte[KIB16]));

        assertThat(check.result().get(1, TimeUnit.MINUTES)).isEqualTo(new BitSet());
        assertThat(progress).containsExactly(0L);
    }

    @Test
    void refusesHashesThatDoNotFitTheirPieces() {
        assertThrows(IllegalArgumentException.class, () -> PieceHashes.v1(KIB16, 2L * KIB16, new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> PieceHashes.v2(KIB16, 4L * KIB16)
                .file(100, 10, new byte[32], null));
        assertThrows(IllegalArgumentException.class, () -> PieceHashes.v2(KIB16, 4L * KIB16)
                .file(0, 3L * KIB16, new byte[32], new byte[32]));
    }

    private Metainfo v1(byte[] content, int pieceLength) throws Exception {
        return MetainfoBuilder.v1("content", pieceLength)
                .singleFile(content.length)
                .pieces(sequentialV1(content, pieceLength))
                .build();
    }

    /** A v2-only torrent of {@code contents}, hashed from files on disk. */
    private Metainfo v2(int pieceLength, byte[]... contents) throws Exception {
        List<Segment.FileSegment> files = new ArrayList<>();
        for (int i = 0; i < contents.length; i++) {
            files.add(write("f" + i, contents[i]));
        }
        List<V2FileHashes> created = PieceHashing.onCallingThread().hashV2(files, pieceLength);
        MetainfoBuilder builder = MetainfoBuilder.v2("v2", pieceLength);
        for (int i = 0; i < contents.length; i++) {
            V2FileHashes h = created.get(i);
            byte[] root = h.piecesRoot().orElseThrow();
            if (contents.length == 1) {
                builder.singleFile(h.length(), Set.of(), root);
            } else {
                builder.addFile(List.of("f" + i), h.length(), Set.of(), root);
            }
            if (h.hasPieceLayer()) {
                builder.pieceLayer(root, h.pieceLayer());
            }
        }
        return builder.build();
    }

    private Segment.FileSegment write(String name, byte[] content) throws IOException {
        Path path = Files.write(dir.resolve(name), content);
        return Segment.file(path, content.length);
    }

    private static PieceSource source(byte[] space) {
        return (offset, dst) -> dst.put(space, (int) offset, dst.remaining());
    }

    private static BitSet all(PieceHashes hashes) {
        BitSet all = new BitSet();
        all.set(0, hashes.pieceCount());
        return all;
    }

    private static BitSet bits(int... indexes) {
        BitSet bits = new BitSet();
        for (int i : indexes) {
            bits.set(i);
        }
        return bits;
    }
}

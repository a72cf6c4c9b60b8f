package io.bitquark.seeder.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.hash.HybridHashes;
import io.bitquark.protocol.hash.PieceHashing;
import io.bitquark.protocol.hash.Segment;
import io.bitquark.protocol.hash.V2FileHashes;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.protocol.metainfo.MetainfoParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real content and real torrents for storage tests: files of random bytes, torrents hashed from them with
 * PieceHashing and built with MetainfoBuilder (as metainfo-service creates them), and the webtorrent fixtures.
 * The interop tests build their torrents with it too.
 */
public final class TestTorrents {

    public static final int KIB16 = 16 * 1024;

    private TestTorrents() {}

    /** The webtorrent fixture directory (the bitquark.fixtures property, set by surefire). */
    public static Path webtorrentFixtures() {
        String dir = System.getProperty("bitquark.fixtures");
        assertThat(dir)
                .as("the bitquark.fixtures system property (set by surefire in pom.xml)")
                .isNotNull();
        return Path.of(dir, "webtorrent");
    }

    static Metainfo parse(Path torrent) throws Exception {
        return MetainfoParser.lenient().parse(Files.readAllBytes(torrent));
    }

    /** Writes {@code length} random bytes (seeded) to {@code file}, creating its directories; returns them. */
    public static byte[] write(Path file, int length, long seed) throws IOException {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes);
        return bytes;
    }

    /** Flips one byte of {@code file} in place and moves its modification time on, as an editor would. */
    static void corrupt(Path file, long at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) at] ^= 0x5a;
        FileTime before = Files.getLastModifiedTime(file);
        Files.write(file, bytes);
        touch(file, before);
    }

    /** Sets the modification time a minute past {@code before}, so the change shows on any file system. */
    static void touch(Path file, FileTime before) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 60_000));
    }

    /** {@code dir}/a, b, c of 20 000 bytes each: with 16 KiB pieces, a = pieces 0-1, b = 1-2, c = 2-3. */
    static Path threeFiles(Path dir) throws IOException {
        write(dir.resolve("a"), 20_000, 1);
        write(dir.resolve("b"), 20_000, 2);
        write(dir.resolve("c"), 20_000, 3);
        return dir;
    }

    public static Metainfo v1Single(Path file, int pieceLength) throws Exception {
        byte[] pieces =
                PieceHashing.onCallingThread().hashV1(List.of(Segment.file(file, Files.size(file))), pieceLength);
        return MetainfoBuilder.v1(file.getFileName().toString(), pieceLength)
                .singleFile(Files.size(file))
                .pieces(pieces)
                .build();
    }

    /** A v2-only single-file torrent of {@code file}. */
    static Metainfo v2Single(Path file, int pieceLength) throws Exception {
        return v2Single(MetaVersion.V2, file, pieceLength);
    }

    /** A hybrid or v2-only single-file torrent of {@code file}. */
    public static Metainfo v2Single(MetaVersion version, Path file, int pieceLength) throws Exception {
        HybridHashes hashes =
                PieceHashing.onCallingThread().hashHybrid(List.of(Segment.file(file, Files.size(file))), pieceLength);
        V2FileHashes h = hashes.files().get(0);
        byte[] root = h.piecesRoot().orElse(null);
        MetainfoBuilder b = (version == MetaVersion.HYBRID
                        ? MetainfoBuilder.hybrid(file.getFileName().toString(), pieceLength)
                        : MetainfoBuilder.v2(file.getFileName().toString(), pieceLength))
                .singleFile(h.length(), Set.of(), root);
        if (h.hasPieceLayer()) {
            b.pieceLayer(root, h.pieceLayer());
        }
        if (version == MetaVersion.HYBRID) {
            b.pieces(hashes.v1Pieces());
        }
        return b.build();
    }

    /** A v1 multi-file torrent of {@code dir}'s files, in the order given (paths relative to {@code dir}). */
    public static Metainfo v1Multi(Path dir, int pieceLength, String... paths) throws Exception {
        return v1MultiBuilder(dir, pieceLength, paths).build();
    }

    /** {@link #v1Multi}, before {@code build()}, for torrents that also name trackers. */
    public static MetainfoBuilder v1MultiBuilder(Path dir, int pieceLength, String... paths) throws Exception {
        MetainfoBuilder b = MetainfoBuilder.v1(dir.getFileName().toString(), pieceLength);
        List<Segment> layout = new ArrayList<>();
        for (String p : paths) {
            Path f = dir.resolve(p);
            long length = Files.exists(f) ? Files.size(f) : 0;
            b.addFile(List.of(p.split("/")), length);
            layout.add(Segment.file(f, length));
        }
        return b.pieces(PieceHashing.onCallingThread().hashV1(layout, pieceLength));
    }

    /** A hybrid or v2-only multi-file torrent of {@code dir}'s files; the paths must be in file tree order. */
    public static Metainfo v2Multi(MetaVersion version, Path dir, int pieceLength, String... paths) throws Exception {
        return v2MultiBuilder(version, dir, pieceLength, paths).build();
    }

    /** {@link #v2Multi}, before {@code build()}, for torrents that also name trackers. */
    public static MetainfoBuilder v2MultiBuilder(MetaVersion version, Path dir, int pieceLength, String... paths)
            throws Exception {
        MetainfoBuilder b = version == MetaVersion.HYBRID
                ? MetainfoBuilder.hybrid(dir.getFileName().toString(), pieceLength)
                : MetainfoBuilder.v2(dir.getFileName().toString(), pieceLength);
        List<Segment.FileSegment> files = new ArrayList<>();
        for (String p : paths) {
            files.add(Segment.file(dir.resolve(p), Files.size(dir.resolve(p))));
        }
        HybridHashes hashes = PieceHashing.onCallingThread().hashHybrid(files, pieceLength);
        for (int i = 0; i < paths.length; i++) {
            V2FileHashes h = hashes.files().get(i);
            byte[] root = h.piecesRoot().orElse(null);
            b.addFile(List.of(paths[i].split("/")), h.length(), Set.of(), root);
            if (h.hasPieceLayer()) {
                b.pieceLayer(root, h.pieceLayer());
            }
        }
        if (version == MetaVersion.HYBRID) {
            b.pieces(hashes.v1Pieces());
        }
        return b;
    }

    /** Change detection that stats on every read. */
    static ChangeDetection statEveryRead() {
        return new ChangeDetection(true, Duration.ZERO, new AtomicLong()::get);
    }

    /** The bytes of the piece space of {@code storage}: every piece read back through {@link TorrentStorage#read}. */
    static byte[] readAll(TorrentStorage storage) throws IOException {
        byte[] all = new byte[(int) storage.totalLength()];
        int at = 0;
        for (int p = 0; p < storage.pieceCount(); p++) {
            ByteBuffer dst = ByteBuffer.allocateDirect((int) storage.pieceLength(p));
            storage.read(p, 0, dst);
            dst.flip().get(all, at, dst.remaining());
            at += (int) storage.pieceLength(p);
        }
        return all;
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static BitSet bits(int... pieces) {
        BitSet set = new BitSet();
        for (int p : pieces) {
            set.set(p);
        }
        return set;
    }

    static BitSet range(int from, int to) {
        BitSet set = new BitSet();
        set.set(from, to);
        return set;
    }
}

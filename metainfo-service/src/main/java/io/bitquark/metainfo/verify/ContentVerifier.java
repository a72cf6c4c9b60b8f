package io.bitquark.metainfo.verify;

import io.bitquark.metainfo.verify.VerifyReport.FileResult;
import io.bitquark.metainfo.verify.VerifyReport.Status;
import io.bitquark.protocol.hash.MerkleTree;
import io.bitquark.protocol.hash.PieceDigest;
import io.bitquark.protocol.hash.PieceHashing;
import io.bitquark.protocol.hash.Segment;
import io.bitquark.protocol.hash.V2FileHashes;
import io.bitquark.protocol.metainfo.ContentLayout;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.protocol.metainfo.TorrentFile;
import io.bitquark.protocol.storage.PathConfinement;
import io.bitquark.protocol.storage.UnsafePathException;
import io.bitquark.rest.ApiProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * {@code imdl torrent verify}: checks content on disk against a torrent.
 *
 * <ul>
 *   <li>The content is the file of a single-file torrent or the top directory of a multi-file one; its own
 *       name does not matter. Files are placed with the protocol's {@link ContentLayout}, which refuses
 *       unsafe paths; a file that is not confined to the content root ({@link PathConfinement}: a symlink on
 *       the way leads out) is refused too.</li>
 *   <li>v1 and hybrid torrents are checked with their SHA-1 {@code pieces}, pieces crossing file boundaries
 *       and pad files hashing as zeros. v2-only torrents are checked per file: a file whose merkle root is its
 *       {@code pieces root} is good; otherwise its pieces are compared with the piece layer (all of them bad
 *       when the torrent carries none).</li>
 *   <li>A missing or wrong-size file is not read: every piece it is part of is bad. A file that is the right
 *       size but part of a bad piece is {@code corrupt}.</li>
 * </ul>
 *
 * It reads the whole content: run it on a worker thread.
 */
public final class ContentVerifier {

    private final PathConfinement confinement;
    private final PieceHashing hashing;

    /**
     * @param contentRoot the directory no file may resolve outside of
     * @param hashing     what hashes the content
     */
    public ContentVerifier(Path contentRoot, PieceHashing hashing) {
        this.confinement = PathConfinement.under(contentRoot);
        this.hashing = hashing;
    }

    /** A file of the torrent, where it is on disk, and what was found there. */
    private static final class Checked {
        final TorrentFile file;
        final Path location;
        Status status;
        Long actualLength;

        Checked(TorrentFile file, Path location) {
            this.file = file;
            this.location = location;
        }

        boolean readable() {
            return status == Status.OK && !file.isSymlink();
        }
    }

    /** Verifies the content at {@code location} (a real path under the content root) against {@code torrent}. */
    public VerifyReport verify(Metainfo torrent, Path location) {
        if (torrent.isMultiFile() && !Files.isDirectory(location)) {
            throw ApiProblem.badRequest("the torrent is multi-file: path must name its top directory");
        }
        if (!torrent.isMultiFile() && !Files.isRegularFile(location)) {
            throw ApiProblem.badRequest("the torrent is single-file: path must name the file");
        }
        List<Checked> files = place(torrent, location);
        BitSet bad = new BitSet(torrent.pieceCount());
        int pieceLength = (int) torrent.pieceLength();
        for (Checked c : files) {
            if (!c.file.isPadding() && c.status != Status.OK && c.file.length() > 0) {
                bad.set(firstPiece(c.file, pieceLength), lastPiece(c.file, pieceLength) + 1);
            }
        }
        boolean anythingToRead = files.stream().anyMatch(c -> c.readable() && c.file.length() > 0);
        try {
            if (torrent.version().hasV1()) {
                if (anythingToRead) {
                    checkV1(torrent, files, hashing, bad);
                } else {
                    bad.set(0, torrent.pieceCount());
                }
            } else {
                checkV2(torrent, files, hashing, bad);
            }
        } catch (IOException e) {
            throw new ApiProblem(422, "Unreadable content", "reading the content failed: " + e.getMessage());
        }
        return report(torrent, files, bad);
    }

    /** Maps every file of the torrent (pad files included, with no location) onto the content and looks at it. */
    private List<Checked> place(Metainfo torrent, Path location) {
        ContentLayout layout;
        try {
            layout = ContentLayout.of(torrent, location.getParent());
        } catch (MetainfoException e) {
            throw new ApiProblem(422, "Unsafe path", e.getMessage());
        }
        Iterator<ContentLayout.Entry> entries = layout.entries().iterator();
        List<Checked> files = new ArrayList<>();
        for (TorrentFile f : torrent.files()) {
            if (f.isPadding()) {
                files.add(new Checked(f, null));
                continue;
            }
            ContentLayout.Entry entry = entries.next();
            Path path = torrent.isMultiFile()
                    ? location.resolve(layout.contentRoot().relativize(entry.path()))
                    : location;
            Checked c = new Checked(f, path);
            look(c);
            files.add(c);
        }
        return files;
    }

    private void look(Checked c) {
        if (c.file.isSymlink()) {
            c.status = Files.exists(c.location, LinkOption.NOFOLLOW_LINKS) ? Status.OK : Status.MISSING;
            return;
        }
        if (!Files.isRegularFile(c.location)) {
            c.status = Status.MISSING;
            return;
        }
        try {
            confinement.check(c.location);
        } catch (UnsafePathException e) {
            if (e.kind() == UnsafePathException.Kind.UNRESOLVABLE) {
                c.status = Status.MISSING;
                return;
            }
            throw new ApiProblem(
                    422,
                    "Unsafe path",
                    "unsafe path: file '" + c.file.displayPath()
                            + "' resolves to a location outside the content root (through a symlink)");
        }
        try {
            long size = Files.size(c.location);
            if (size != c.file.length()) {
                c.status = Status.WRONG_SIZE;
                c.actualLength = size;
            } else {
                c.status = Status.OK;
            }
        } catch (IOException e) {
            c.status = Status.MISSING;
        }
    }

    /** v1: hash the whole layout, files that cannot be read standing in as zeros (their pieces are bad already). */
    private static void checkV1(Metainfo torrent, List<Checked> files, PieceHashing hashing, BitSet bad)
            throws IOException {
        List<Segment> layout = new ArrayList<>();
        for (Checked c : files) {
            if (c.file.length() == 0) {
                continue;
            }
            layout.add(c.readable() ? Segment.file(c.location, c.file.length()) : Segment.padding(c.file.length()));
        }
        byte[] actual = hashing.hashV1(layout, (int) torrent.pieceLength());
        byte[] expected = torrent.pieces().orElseThrow();
        int size = PieceDigest.V1_HASH_SIZE;
        for (int i = 0; i < torrent.pieceCount(); i++) {
            if (!Arrays.equals(actual, i * size, i * size + size, expected, i * size, i * size + size)) {
                bad.set(i);
            }
        }
    }

    /** v2: per file, its merkle root, then its piece layer when the root differs. */
    private static void checkV2(Metainfo torrent, List<Checked> files, PieceHashing hashing, BitSet bad)
            throws IOException {
        List<Checked> readable = new ArrayList<>();
        List<Segment.FileSegment> segments = new ArrayList<>();
        for (Checked c : files) {
            if (c.readable() && c.file.length() > 0) {
                readable.add(c);
                segments.add(Segment.file(c.location, c.file.length()));
            }
        }
        if (segments.isEmpty()) {
            return;
        }
        int pieceLength = (int) torrent.pieceLength();
        List<V2FileHashes> hashes = hashing.hashV2(segments, pieceLength);
        for (int i = 0; i < readable.size(); i++) {
            TorrentFile f = readable.get(i).file;
            byte[] root = f.piecesRoot();
            V2FileHashes actual = hashes.get(i);
            if (Arrays.equals(actual.piecesRoot().orElse(null), root)) {
                continue;
            }
            int first = firstPiece(f, pieceLength);
            int last = lastPiece(f, pieceLength);
            Optional<byte[]> layer = first == last ? Optional.empty() : torrent.pieceLayer(root);
            if (layer.isEmpty()) {
                bad.set(first, last + 1);
                continue;
            }
            byte[] expected = layer.get();
            byte[] got = actual.pieceLayer();
            int size = MerkleTree.HASH_SIZE;
            for (int p = 0; p <= last - first; p++) {
                if (!Arrays.equals(got, p * size, p * size + size, expected, p * size, p * size + size)) {
                    bad.set(first + p);
                }
            }
        }
    }

    private static VerifyReport report(Metainfo torrent, List<Checked> files, BitSet bad) {
        int pieceLength = (int) torrent.pieceLength();
        List<FileResult> results = new ArrayList<>();
        boolean allFilesOk = true;
        for (Checked c : files) {
            if (c.file.isPadding()) {
                continue;
            }
            List<VerifyReport.PieceRange> ranges = c.file.length() == 0
                    ? List.of()
                    : VerifyReport.ranges(bad, firstPiece(c.file, pieceLength), lastPiece(c.file, pieceLength));
            Status status = c.status == Status.OK && !ranges.isEmpty() ? Status.CORRUPT : c.status;
            allFilesOk &= status == Status.OK;
            results.add(new FileResult(
                    c.file.displayPath(), c.file.length(), status, c.actualLength, ranges.isEmpty() ? null : ranges));
        }
        int badCount = bad.cardinality();
        return new VerifyReport(
                torrent.name(),
                torrent.infoHashV1().map(h -> h.hex()).orElse(null),
                torrent.infoHashV2().map(h -> h.hex()).orElse(null),
                torrent.version().hasV1() ? "v1" : "v2",
                torrent.pieceLength(),
                results,
                VerifyReport.ranges(bad, 0, torrent.pieceCount() - 1),
                new VerifyReport.Summary(
                        torrent.pieceCount(), torrent.pieceCount() - badCount, badCount, badCount == 0 && allFilesOk));
    }

    private static int firstPiece(TorrentFile f, int pieceLength) {
        return (int) (f.offset() / pieceLength);
    }

    private static int lastPiece(TorrentFile f, int pieceLength) {
        return (int) ((f.offset() + f.length() - 1) / pieceLength);
    }
}

package io.bitquark.seeder.storage;

import io.bitquark.protocol.metainfo.ContentLayout;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.protocol.metainfo.TorrentFile;
import io.bitquark.protocol.storage.PathConfinement;
import io.bitquark.protocol.storage.UnsafePathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A torrent's piece space mapped onto its content path: which file, at which position, holds each byte, and
 * which bytes are BEP 47 pad zeros that are never read from disk.
 *
 * <pre>
 * piece space  = file a | pad | file b | file c | pad | ...     ({@link Metainfo#files()} in order)
 * pieces       = |&lt;- piece 0 -&gt;|&lt;- piece 1 -&gt;|&lt;- piece 2 -&gt;| ...
 *
 * v1        files as listed; pieces cross file boundaries (BEP 3)
 * hybrid    v1 list with a pad file after each file but the last, so v1 pieces start files (BEP 52, BEP 47)
 * v2-only   file tree order, each file followed by the implied pad; a piece never holds two files (BEP 52)
 * </pre>
 *
 * <p>The content path is the seed's {@code --saveas}: the file itself for a single-file torrent, the
 * directory holding the torrent's paths for a multi-file one, whatever the torrent's {@code name}. The paths
 * of a multi-file torrent are checked with {@link ContentLayout} ({@code ..}, separators, absolute paths, two
 * files on one location); the content path must be confined to the data root and every file to the content
 * path ({@link PathConfinement}: a symlink on disk leading out is refused), when the layout is made and again
 * whenever a file is opened.
 *
 * <p>Piece lengths follow libtorrent: every piece is {@code piece length} long except the last, which ends
 * with the last entry of {@link Metainfo#files()}. For a v2-only torrent that entry is the implied pad after
 * the last file, so every piece is full length and ends in zeros past the data: libtorrent 2.0 pads the last
 * file of a v2 torrent too and requests the last block of the torrent as a full 16 KiB block. A client that
 * asks for the last block short (the file's bytes only) is served as well.
 */
final class StorageLayout {

    private static final int PAD = -1;

    private final Metainfo metainfo;
    private final Path contentPath;
    private final PathConfinement root;
    private final PathConfinement content;
    private final List<StorageFile> files;
    private final long[] segmentStart;
    private final long[] segmentLength;
    private final int[] segmentFile;
    private final int pieceLength;
    private final int pieceCount;
    private final long spaceLength;

    private StorageLayout(
            Metainfo metainfo,
            Path contentPath,
            PathConfinement root,
            PathConfinement content,
            List<StorageFile> files,
            List<long[]> segments) {
        this.metainfo = metainfo;
        this.contentPath = contentPath;
        this.root = root;
        this.content = content;
        this.files = List.copyOf(files);
        this.pieceLength = (int) metainfo.pieceLength();
        this.pieceCount = metainfo.pieceCount();
        segmentStart = new long[segments.size()];
        segmentLength = new long[segments.size()];
        segmentFile = new int[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            segmentStart[i] = segments.get(i)[0];
            segmentLength[i] = segments.get(i)[1];
            segmentFile[i] = (int) segments.get(i)[2];
        }
        int last = segments.size() - 1;
        spaceLength = last < 0 ? 0 : segmentStart[last] + segmentLength[last];
    }

    /**
     * Maps {@code metainfo} onto {@code contentPath} (absolute, or relative to {@code dataRoot}).
     *
     * @throws MetainfoException of kind {@link MetainfoException.Kind#UNSAFE_PATH} when the content path is
     *                           not inside the data root, or a file could land outside the content path
     */
    static StorageLayout of(Metainfo metainfo, Path dataRoot, Path contentPath) throws MetainfoException {
        PathConfinement root = PathConfinement.under(dataRoot);
        Path target = confined(root, contentPath, "content path");
        if (target.equals(root.root())) {
            throw unsafe("the content path is the data root itself; it must name the torrent's file or directory");
        }
        PathConfinement content = metainfo.isMultiFile() ? PathConfinement.under(target) : root;

        // ContentLayout checks names and paths under <target>/<name>; its locations are rebased onto <target>
        ContentLayout checked = metainfo.isMultiFile() ? ContentLayout.of(metainfo, target) : null;
        List<StorageFile> files = new ArrayList<>();
        List<long[]> segments = new ArrayList<>();
        int entry = 0;
        for (TorrentFile f : metainfo.files()) {
            if (f.isPadding()) {
                addSegment(segments, f.offset(), f.length(), PAD);
                continue;
            }
            Path path = target;
            if (checked != null) {
                path = target.resolve(checked.contentRoot()
                        .relativize(checked.entries().get(entry++).path()));
            }
            if (f.isSymlink()) {
                continue;
            }
            confined(content, path, "file '" + f.displayPath() + "'");
            int index = files.size();
            files.add(new StorageFile(
                    index,
                    f,
                    path,
                    piece(f.offset(), metainfo),
                    f.length() == 0 ? piece(f.offset(), metainfo) : piece(f.offset() + f.length() - 1, metainfo) + 1));
            addSegment(segments, f.offset(), f.length(), index);
        }
        return new StorageLayout(metainfo, target, root, content, files, segments);
    }

    private static void addSegment(List<long[]> segments, long start, long length, int file) {
        if (length > 0) {
            segments.add(new long[] {start, length, file});
        }
    }

    private static int piece(long offset, Metainfo metainfo) {
        return (int) (offset / metainfo.pieceLength());
    }

    private static Path confined(PathConfinement confinement, Path path, String what) throws MetainfoException {
        try {
            return confinement.check(path);
        } catch (UnsafePathException e) {
            throw new MetainfoException(
                    MetainfoException.Kind.UNSAFE_PATH, "unsafe path: " + what + ": " + e.getMessage(), e);
        }
    }

    private static MetainfoException unsafe(String message) {
        return new MetainfoException(MetainfoException.Kind.UNSAFE_PATH, "unsafe path: " + message);
    }

    Metainfo metainfo() {
        return metainfo;
    }

    Path contentPath() {
        return contentPath;
    }

    List<StorageFile> files() {
        return files;
    }

    int pieceCount() {
        return pieceCount;
    }

    /** The nominal piece length ({@code piece length}). */
    int nominalPieceLength() {
        return pieceLength;
    }

    int pieceLength(int piece) {
        checkPiece(piece);
        return (int) Math.min(pieceLength, spaceLength - pieceStart(piece));
    }

    long pieceStart(int piece) {
        return (long) piece * pieceLength;
    }

    /** The bytes of the piece space, pad zeros included. */
    long spaceLength() {
        return spaceLength;
    }

    /** Whether pieces are hashed per file (BEP 52 merkle trees) rather than with SHA-1 over the piece space. */
    boolean v2Only() {
        return metainfo.version() == MetaVersion.V2;
    }

    /** Why opening {@code file} now would leave the content path or the data root, or empty when it would not. */
    Optional<String> escape(StorageFile file) {
        try {
            content.check(file.path());
            if (content != root) {
                root.check(file.path());
            }
            return Optional.empty();
        } catch (UnsafePathException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** How many segments (runs of one file's bytes or of pad zeros, empty files left out) there are. */
    int segmentCount() {
        return segmentStart.length;
    }

    /** The segment holding byte {@code offset} of the piece space. */
    int segmentAt(long offset) {
        int i = Arrays.binarySearch(segmentStart, offset);
        return i >= 0 ? i : -i - 2;
    }

    long segmentStart(int segment) {
        return segmentStart[segment];
    }

    long segmentLength(int segment) {
        return segmentLength[segment];
    }

    /** The data file of a segment, or null for pad zeros. */
    StorageFile segmentFile(int segment) {
        int f = segmentFile[segment];
        return f == PAD ? null : files.get(f);
    }

    private void checkPiece(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
        }
    }
}

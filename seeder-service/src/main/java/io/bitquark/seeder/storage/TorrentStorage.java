package io.bitquark.seeder.storage;

import io.bitquark.protocol.hash.PieceHashes;
import io.bitquark.protocol.hash.PieceSource;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One seeded torrent's data on disk: reads blocks of verified pieces for peers, verifies pieces, and notices
 * files that change while they are served. Safe for concurrent use by reader threads; it blocks, so it runs on
 * worker threads, never on an event loop.
 *
 * <p><b>Layout.</b> The torrent is mapped onto its content path (the seed's {@code --saveas}: the file of a
 * single-file torrent, the directory of a multi-file one) as {@link StorageLayout} describes: v1 pieces cross
 * files, BEP 47 pad bytes are zeros never read from disk, v2-only pieces stay within one file. Unsafe paths
 * are refused when the storage is opened; each file is checked again, symlinks resolved, when it is opened.
 *
 * <p><b>Reads.</b> {@link #read} serves only pieces that verified ({@link #accept} installs a check's result)
 * and fills the buffer with positional reads through the shared {@link FileHandles}. A file shorter than the
 * torrent says fails the read with an {@link EOFException}; bytes of a file are never replaced by zeros.
 *
 * <p><b>Change detection.</b> With {@link ChangeDetection} on, a read stats each file of its piece at most
 * once per interval. When a file's size or modification time differs from what was seen before, its channel
 * is reopened and each of its verified pieces is re-verified on its next read: a piece that still matches is
 * served, one that does not is withdrawn (removed from the verified pieces, reported to the
 * {@link WithdrawalListener}) and the read fails with {@link UnverifiedPieceException}. Pieces that had not
 * verified are not re-checked here: data that appears later is found by the next check. A change is missed by
 * reads that come within one interval of the previous stat, and by a rewrite that restores size and
 * modification time.
 */
public final class TorrentStorage implements TorrentData, Closeable {

    /** Told when a served piece no longer matches its hash; called on the reading thread. */
    @FunctionalInterface
    public interface WithdrawalListener {
        void withdrawn(int piece, String reason);
    }

    private static final byte[] ZEROS = new byte[BlockBuffers.BLOCK_SIZE];
    private static final int LOCK_STRIPES = 64;

    private final StorageLayout layout;
    private final FileHandles handles;
    private final BlockBuffers buffers;
    private final FileStamps stamps;
    private final PieceHashes hashes;
    private final PieceSet verified;
    /** Verified pieces of a file seen to change, to re-verify on their next read. */
    private final PieceSet suspect;

    private final Object[] reverifyLocks = new Object[LOCK_STRIPES];
    /** The channels pieces are written through, by data-file index; opened on the first write, under their lock. */
    private final Map<Integer, FileChannel> writers = new HashMap<>();

    private volatile WithdrawalListener listener = (piece, reason) -> {};
    private volatile boolean closed;

    private TorrentStorage(StorageLayout layout, StorageResources resources) {
        this.layout = layout;
        this.handles = resources.handles();
        this.buffers = resources.buffers();
        this.stamps = new FileStamps(layout.files(), resources.changeDetection());
        this.hashes = layout.metainfo().pieceHashes();
        this.verified = new PieceSet(layout.pieceCount());
        this.suspect = new PieceSet(layout.pieceCount());
        for (int i = 0; i < LOCK_STRIPES; i++) {
            reverifyLocks[i] = new Object();
        }
    }

    /**
     * The storage of {@code metainfo} at {@code contentPath} (absolute, or relative to {@code dataRoot}). No
     * piece is verified until a check's result is {@link #accept accepted}; missing files are fine.
     *
     * @throws MetainfoException of kind {@code UNSAFE_PATH} when the content path is not inside the data
     *                           root, or a file of the torrent could land outside the content path
     */
    public static TorrentStorage open(Metainfo metainfo, Path dataRoot, Path contentPath, StorageResources resources)
            throws MetainfoException {
        return new TorrentStorage(StorageLayout.of(metainfo, dataRoot, contentPath), resources);
    }

    public Metainfo metainfo() {
        return layout.metainfo();
    }

    /** The file (single-file torrent) or directory (multi-file torrent) the data lives in; absolute. */
    public Path contentPath() {
        return layout.contentPath();
    }

    /** The files that hold data, in piece-space order; pad files and symlinks have none and are left out. */
    public List<StorageFile> files() {
        return layout.files();
    }

    @Override
    public int pieceCount() {
        return layout.pieceCount();
    }

    /** The length of piece {@code piece} on the wire: {@code piece length}, or less for the last piece. */
    @Override
    public long pieceLength(int piece) {
        return layout.pieceLength(piece);
    }

    /** The bytes of all pieces together, pad bytes included. */
    public long totalLength() {
        return layout.spaceLength();
    }

    /** Whether the piece is verified: advertised, and served by {@link #read}. */
    @Override
    public boolean hasPiece(int piece) {
        return verified.get(piece);
    }

    /** A snapshot of the verified pieces. */
    @Override
    public BitSet verifiedPieces() {
        return verified.snapshot();
    }

    public int verifiedCount() {
        return verified.cardinality();
    }

    /** Takes a check's verified pieces and file stamps as the state reads serve from and detect changes against. */
    public void accept(CheckResult result) {
        stamps.reset(result.stamps());
        verified.replace(result.verified());
        suspect.replace(new BitSet());
    }

    /** The stamps of the data files now, one per {@link #files()} entry. */
    public List<FileStamp> currentStamps() {
        return stamps.current();
    }

    /** The stamps the verified pieces hold for: those of the last accepted check. */
    List<FileStamp> baselineStamps() {
        return stamps.baseline();
    }

    public void onWithdrawn(WithdrawalListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Fills the remaining bytes of {@code dst} with piece {@code piece} from byte {@code begin}.
     *
     * @throws UnverifiedPieceException when the piece is not verified, or was withdrawn by this read
     * @throws EOFException             when a file is shorter than the torrent says
     * @throws IOException              when a file cannot be opened or read, or leads out of the content path
     * @throws IndexOutOfBoundsException when the range is not inside the piece
     */
    @Override
    public void read(int piece, int begin, ByteBuffer dst) throws IOException {
        checkOpen();
        int length = layout.pieceLength(piece);
        if (begin < 0 || begin > length || dst.remaining() > length - begin) {
            throw new IndexOutOfBoundsException(
                    "bytes " + begin + "+" + dst.remaining() + " outside piece " + piece + " of " + length + " bytes");
        }
        if (!verified.get(piece)) {
            throw new UnverifiedPieceException(piece, false, "piece " + piece + " is not verified");
        }
        noticeChanges(piece);
        if (suspect.get(piece)) {
            reverify(piece);
        }
        readSpace(layout.pieceStart(piece) + begin, dst);
    }

    @Override
    public void write(int piece, int begin, ByteBuffer src) throws IOException {
        checkOpen();
        checkPieceIndex(piece);
        int length = layout.pieceLength(piece);
        if (begin < 0 || begin > length || src.remaining() > length - begin) {
            throw new IndexOutOfBoundsException(
                    "bytes " + begin + "+" + src.remaining() + " outside piece " + piece + " of " + length + " bytes");
        }
        long at = layout.pieceStart(piece) + begin;
        int s = layout.segmentAt(at);
        while (src.hasRemaining()) {
            long within = at - layout.segmentStart(s);
            int n = (int) Math.min(layout.segmentLength(s) - within, src.remaining());
            StorageFile file = layout.segmentFile(s);
            if (file == null) {
                src.position(src.position() + n); // pad bytes: zeros that no file holds
            } else {
                writeFile(file, within, src, n);
                stamps.written(file.index());
            }
            at += n;
            s++;
        }
    }

    @Override
    public void allocate(boolean preallocate) throws IOException {
        checkOpen();
        for (StorageFile file : layout.files()) {
            if (file.length() == 0) {
                if (!Files.exists(file.path(), LinkOption.NOFOLLOW_LINKS)) {
                    writer(file);
                }
            } else if (preallocate) {
                zeroFill(file);
            }
        }
    }

    /**
     * Extends {@code file} to its length with zeros, written out: {@code setLength} would leave a sparse file,
     * which takes no space, and Java has no {@code fallocate}.
     */
    private void zeroFill(StorageFile file) throws IOException {
        FileChannel channel = writer(file);
        long at = channel.size();
        if (at >= file.length()) {
            return;
        }
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        while (at < file.length()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), file.length() - at));
            while (zeros.hasRemaining()) {
                at += channel.write(zeros, at);
            }
        }
        stamps.written(file.index());
    }

    @Override
    public void markVerified(int piece) {
        checkPieceIndex(piece);
        verified.set(piece);
        suspect.clear(piece);
    }

    private void writeFile(StorageFile file, long position, ByteBuffer src, int n) throws IOException {
        int limit = src.limit();
        src.limit(src.position() + n);
        try {
            FileChannel channel = writer(file);
            long at = position;
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        } finally {
            src.limit(limit);
        }
    }

    /** The channel {@code file} is written through: its directories made and its path confined first. */
    private FileChannel writer(StorageFile file) throws IOException {
        synchronized (writers) {
            checkOpen();
            FileChannel channel = writers.get(file.index());
            if (channel != null && channel.isOpen()) {
                return channel;
            }
            Optional<String> escape = layout.escape(file);
            if (escape.isPresent()) {
                throw new IOException("refusing to write " + file.path() + ": " + escape.get());
            }
            Path parent = file.path().getParent();
            if (parent != null && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(parent);
                escape = layout.escape(file); // a directory made meanwhile by someone else may be a link out
                if (escape.isPresent()) {
                    throw new IOException("refusing to write " + file.path() + ": " + escape.get());
                }
            }
            channel = FileChannel.open(
                    file.path(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            writers.put(file.index(), channel);
            return channel;
        }
    }

    /**
     * Hashes piece {@code piece} from disk and says whether it matches; false also when its bytes cannot be
     * read. The verified pieces are left as they are.
     */
    public boolean verifyPiece(int piece) {
        ByteBuffer scratch = buffers.acquire(BlockBuffers.BLOCK_SIZE);
        try {
            return verifyPiece(piece, scratch);
        } finally {
            buffers.release(scratch);
        }
    }

    /** {@link #verifyPiece(int)} reading through {@code scratch}, a buffer of any size. */
    boolean verifyPiece(int piece, ByteBuffer scratch) {
        checkPieceIndex(piece);
        try {
            return hashes.verify(piece, pieceSource(), scratch);
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** What each piece must hash to (SHA-1 for v1 and hybrid torrents, BEP 52 merkle trees for v2-only ones). */
    PieceHashes pieceHashes() {
        return hashes;
    }

    /**
     * The piece space as hash checks read it, from any number of threads: file bytes from disk, pad bytes as
     * zeros; fails once the storage is closed.
     */
    PieceSource pieceSource() {
        return (offset, dst) -> {
            checkOpen();
            readSpace(offset, dst);
        };
    }

    /**
     * Closes this torrent's files (a channel still being read closes when its reader is done; another torrent
     * seeding the same file opens it again) and fails later reads.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (writers) {
            for (FileChannel channel : writers.values()) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing more to write through it
                }
            }
            writers.clear();
        }
        for (StorageFile f : layout.files()) {
            handles.invalidate(f.path());
        }
    }

    private void noticeChanges(int piece) {
        long start = layout.pieceStart(piece);
        long end = start + layout.pieceLength(piece);
        for (int s = layout.segmentAt(start); s < layout.segmentCount() && layout.segmentStart(s) < end; s++) {
            StorageFile file = layout.segmentFile(s);
            if (file != null && stamps.poll(file.index())) {
                handles.invalidate(file.path());
                for (int p = file.firstPiece(); p < file.endPiece(); p++) {
                    if (verified.get(p)) {
                        suspect.set(p);
                    }
                }
            }
        }
    }

    private void reverify(int piece) throws UnverifiedPieceException {
        synchronized (reverifyLocks[piece % LOCK_STRIPES]) {
            if (!suspect.get(piece)) {
                if (verified.get(piece)) {
                    return;
                }
                throw new UnverifiedPieceException(piece, true, "piece " + piece + " was withdrawn: its data changed");
            }
            boolean ok = verifyPiece(piece);
            suspect.clear(piece);
            if (!ok) {
                String reason = "piece " + piece + " no longer matches its hash: its data changed on disk";
                if (verified.clear(piece)) {
                    listener.withdrawn(piece, reason);
                }
                throw new UnverifiedPieceException(piece, true, reason);
            }
        }
    }

    /** Fills {@code dst} from byte {@code offset} of the piece space: file bytes from disk, pad bytes as zeros. */
    private void readSpace(long offset, ByteBuffer dst) throws IOException {
        long at = offset;
        int s = layout.segmentAt(at);
        while (dst.hasRemaining()) {
            if (s < 0 || s >= layout.segmentCount()) {
                throw new EOFException("byte " + at + " is past the end of the torrent (" + layout.spaceLength() + ")");
            }
            long within = at - layout.segmentStart(s);
            int n = (int) Math.min(layout.segmentLength(s) - within, dst.remaining());
            StorageFile file = layout.segmentFile(s);
            if (file == null) {
                zeros(dst, n);
            } else {
                readFile(file, within, dst, n);
            }
            at += n;
            s++;
        }
    }

    private static void zeros(ByteBuffer dst, int n) {
        for (int left = n; left > 0; left -= ZEROS.length) {
            dst.put(ZEROS, 0, Math.min(left, ZEROS.length));
        }
    }

    /** Reads {@code n} bytes of {@code file} from {@code position}; retries once on a channel closed by another thread. */
    private void readFile(StorageFile file, long position, ByteBuffer dst, int n) throws IOException {
        int limit = dst.limit();
        int begin = dst.position();
        dst.limit(begin + n);
        try {
            for (int attempt = 0; ; attempt++) {
                try (FileHandles.Lease lease = handles.acquire(file.path(), p -> openFile(file))) {
                    FileChannel channel = lease.channel();
                    while (dst.hasRemaining()) {
                        long at = position + dst.position() - begin;
                        if (channel.read(dst, at) < 0) {
                            throw new EOFException(
                                    file.path() + " ends at byte " + at + ", the torrent says it has " + file.length());
                        }
                    }
                    return;
                } catch (ClosedChannelException e) {
                    if (attempt > 0
                            || e instanceof ClosedByInterruptException
                            || Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                }
            }
        } finally {
            dst.limit(limit);
        }
    }

    private FileChannel openFile(StorageFile file) throws IOException {
        Optional<String> escape = layout.escape(file);
        if (escape.isPresent()) {
            throw new IOException("refusing to open " + file.path() + ": " + escape.get());
        }
        return FileChannel.open(file.path(), StandardOpenOption.READ);
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the storage of " + layout.contentPath() + " is closed");
        }
    }

    private void checkPieceIndex(int piece) {
        if (piece < 0 || piece >= layout.pieceCount()) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + layout.pieceCount());
        }
    }
}

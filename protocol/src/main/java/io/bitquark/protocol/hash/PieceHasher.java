package io.bitquark.protocol.hash;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Hashes a torrent's content into v1 pieces (BEP 3), v2 per-file merkle trees (BEP 52), or both in one
 * pass (BEP 52 hybrid, aligned with BEP 47 pad files).
 *
 * <pre>
 * v1      pieces = SHA-1(piece 0) | SHA-1(piece 1) | ...        20 bytes each, pieces cross file boundaries
 * v2      per file: leaves = SHA-256(16 KiB block)...           padded with zero hashes to a power of two
 *                   piece layer = roots of piece-sized subtrees  only for files larger than one piece
 *                   pieces root = root of the whole file tree    none for an empty file
 * hybrid  each file read once; v1 pieces over the files with a pad after each one but the last
 * </pre>
 *
 * <p>Pieces are independent, so each of the {@link Builder#threads(int)} hashing threads (the calling
 * thread and {@code threads - 1} workers) takes the next unclaimed piece, reads it itself with positional
 * {@link FileChannel} reads through its own direct buffer of at most 128 KiB, feeding
 * each chunk to the digests while it is still in cache, and writes the piece's hashes at the piece's
 * index. There is no reader thread and no hand-off, and memory stays at one read chunk per thread
 * whatever the piece length and content size. Workers are started per call and have ended by the time
 * a call returns or throws; with one thread the calling thread does everything.
 *
 * <p>The calling thread reports progress (content bytes hashed so far, ending with the total) and checks
 * for cancellation between its pieces; the workers may run at most {@link Builder#buffers(int)} pieces
 * ahead of its last check. When the {@link Builder#cancelWhen(BooleanSupplier) cancel condition} holds,
 * or the calling thread is interrupted, the call stops and throws a {@link CancellationException} (an
 * interrupt stays set). I/O failures, including a file whose size is not the one the layout declares,
 * surface as {@link IOException}. Instances are immutable and may be shared; each call runs on its own
 * threads and buffers.
 */
public final class PieceHasher {

    /** v1 piece hash size: SHA-1. */
    public static final int V1_HASH_SIZE = 20;
    /** The largest piece length accepted: 256 MiB, the largest mainstream clients create. */
    public static final int MAX_PIECE_LENGTH = 1 << 28;
    /** Worker threads are named with this prefix followed by a run number and the worker number. */
    public static final String THREAD_NAME_PREFIX = "bitquark-piece-hasher-";
    /**
     * The largest read, and the size of each thread's read buffer: small enough for the data to still be
     * in the core's cache when the digests run over it, large enough to keep the system calls rare.
     */
    private static final int READ_CHUNK = 128 * 1024;

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final byte[] ZERO_LEAF = MerkleTree.padHash(0);
    private static final byte[] ZEROS = new byte[READ_CHUNK];
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final int threads;
    private final int buffers;
    private final LongConsumer progress;
    private final BooleanSupplier cancelled;

    private PieceHasher(Builder b) {
        this.threads = b.threads;
        this.buffers = b.buffers > 0 ? b.buffers : 3 * b.threads;
        this.progress = b.progress;
        this.cancelled = b.cancelled;
    }

    /** A hasher on all available processors, without progress reporting or a cancel condition. */
    public static PieceHasher create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int threads() {
        return threads;
    }

    public int buffers() {
        return buffers;
    }

    /**
     * The v1 {@code pieces} string of content laid out as {@code layout}: the concatenated 20-byte SHA-1
     * hashes of each {@code pieceLength} piece, the last piece being shorter when the content does not
     * fill it. Pad segments hash as zero bytes and are never read.
     */
    public byte[] hashV1(List<? extends Segment> layout, int pieceLength) throws IOException {
        checkPieceLength(pieceLength, 1);
        List<Segment> segments = List.copyOf(layout);
        long[] starts = new long[segments.size()];
        long total = 0;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = total;
            total = addLength(total, segments.get(i).length());
        }
        long pieces = ceilDiv(total, pieceLength);
        byte[] out = new byte[arraySize(pieces, V1_HASH_SIZE, "v1 pieces")];
        new Run(new V1Pieces(segments, starts, pieceLength, total, out), pieceLength).execute();
        return out;
    }

    /**
     * The BEP 52 hashes of each file, in order. {@code pieceLength} must be a power of two of at least
     * 16 KiB.
     */
    public List<V2FileHashes> hashV2(List<Segment.FileSegment> files, int pieceLength) throws IOException {
        return perFile(List.copyOf(files), pieceLength, false).files();
    }

    /**
     * A hybrid pass: each file is read once and yields both its v2 hashes and the v1 pieces of a layout
     * that pads every file but the last to a piece boundary ({@link HybridHashes#v1Layout()}).
     * {@code pieceLength} must be a power of two of at least 16 KiB.
     */
    public HybridHashes hashHybrid(List<Segment.FileSegment> files, int pieceLength) throws IOException {
        return perFile(List.copyOf(files), pieceLength, true);
    }

    /** The v1 layout of a hybrid torrent: a pad segment after each file but the last that ends mid-piece. */
    public static List<Segment> hybridV1Layout(List<Segment.FileSegment> files, int pieceLength) {
        checkPieceLength(pieceLength, MerkleTree.BLOCK_SIZE);
        List<Segment> layout = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Segment.FileSegment file = files.get(i);
            layout.add(file);
            long tail = file.length() % pieceLength;
            if (i < files.size() - 1 && tail != 0) {
                layout.add(Segment.padding(pieceLength - tail));
            }
        }
        return layout;
    }

    private HybridHashes perFile(List<Segment.FileSegment> files, int pieceLength, boolean withV1) throws IOException {
        checkPieceLength(pieceLength, MerkleTree.BLOCK_SIZE);
        long[] firstPiece = new long[files.size() + 1];
        for (int i = 0; i < files.size(); i++) {
            Segment.FileSegment f = files.get(i);
            long pieces = ceilDiv(f.length(), pieceLength);
            arraySize(pieces, MerkleTree.HASH_SIZE, "piece layer of " + f.path());
            firstPiece[i + 1] = firstPiece[i] + pieces;
        }
        byte[] v1 = withV1 ? new byte[arraySize(firstPiece[files.size()], V1_HASH_SIZE, "v1 pieces")] : null;
        PerFilePieces job = new PerFilePieces(files, firstPiece, pieceLength, v1);
        new Run(job, pieceLength).execute();
        List<V2FileHashes> hashes = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            long length = files.get(i).length();
            if (length == 0) {
                hashes.add(V2FileHashes.empty());
            } else if (length <= pieceLength) {
                hashes.add(new V2FileHashes(length, job.roots[i], new byte[0]));
            } else {
                byte[] layer = job.layers[i];
                hashes.add(new V2FileHashes(length, MerkleTree.rootFromPieceLayer(layer, pieceLength), layer));
            }
        }
        List<Segment> layout = withV1 ? hybridV1Layout(files, pieceLength) : List.of();
        return new HybridHashes(withV1 ? v1 : new byte[0], layout, hashes);
    }

    private static FileChannel open(Segment.FileSegment file) throws IOException {
        FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size != file.length()) {
                throw new IOException(file.path() + " is " + size + " bytes long, the layout says " + file.length());
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void checkPieceLength(int pieceLength, int minimum) {
        if (pieceLength < minimum || pieceLength > MAX_PIECE_LENGTH) {
            throw new IllegalArgumentException(
                    "piece length " + pieceLength + " outside " + minimum + ".." + MAX_PIECE_LENGTH);
        }
        if (minimum == MerkleTree.BLOCK_SIZE && !MerkleTree.isPowerOfTwo(pieceLength)) {
            throw new IllegalArgumentException("a v2 piece length must be a power of two: " + pieceLength);
        }
    }

    private static long addLength(long total, long length) {
        try {
            return Math.addExact(total, length);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("total content length overflows 64 bits", e);
        }
    }

    private static long ceilDiv(long n, int d) {
        return n / d + (n % d == 0 ? 0 : 1);
    }

    private static int arraySize(long count, int size, String what) {
        if (count > MAX_ARRAY / size) {
            throw new IllegalArgumentException(what + ": " + count + " pieces is too many; use a larger piece length");
        }
        return (int) count * size;
    }

    /** The index of the last of the first {@code count} ascending {@code starts} that is at most {@code offset}. */
    private static int lastAtOrBefore(long[] starts, int count, long offset) {
        int low = 0;
        int high = count - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (starts[mid] <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the Java platform", e);
        }
    }

    /** What one call hashes: a number of independent pieces, each hashed by whichever thread claims it. */
    private interface Job {
        long pieces();

        /** Hashes piece {@code piece} with {@code reader}'s buffer and digests; returns its content bytes. */
        long hash(long piece, PieceReader reader) throws IOException, DigestException;
    }

    /** v1 pieces over a layout of file and pad segments; a piece may span several segments. */
    private static final class V1Pieces implements Job {
        private final List<Segment> segments;
        private final long[] starts;
        private final int pieceLength;
        private final long totalBytes;
        private final byte[] out;

        V1Pieces(List<Segment> segments, long[] starts, int pieceLength, long totalBytes, byte[] out) {
            this.segments = segments;
            this.starts = starts;
            this.pieceLength = pieceLength;
            this.totalBytes = totalBytes;
            this.out = out;
        }

        @Override
        public long pieces() {
            return ceilDiv(totalBytes, pieceLength);
        }

        @Override
        public long hash(long piece, PieceReader reader) throws IOException, DigestException {
            long start = piece * pieceLength;
            int length = (int) Math.min(pieceLength, totalBytes - start);
            int segment = lastAtOrBefore(starts, starts.length, start);
            long offset = start - starts[segment];
            MessageDigest sha1 = reader.sha1();
            int remaining = length;
            while (remaining > 0) {
                Segment s = segments.get(segment);
                long available = s.length() - offset;
                if (available <= 0) {
                    segment++;
                    offset = 0;
                    continue;
                }
                int n = (int) Math.min(available, remaining);
                if (s instanceof Segment.FileSegment file) {
                    reader.read(segment, file, offset, n, sha1);
                } else {
                    PieceReader.zeros(n, sha1);
                }
                remaining -= n;
                offset += n;
            }
            sha1.digest(out, (int) piece * V1_HASH_SIZE, V1_HASH_SIZE);
            return length;
        }
    }

    /**
     * v2 (and, for a hybrid pass, v1) pieces file by file: piece {@code p} of the whole call is piece
     * {@code p - firstPiece[f]} of file {@code f}; in a hybrid pass it is also v1 piece {@code p}, its
     * tail zero-padded unless the file is the last.
     */
    private static final class PerFilePieces implements Job {
        private final List<Segment.FileSegment> files;
        private final long[] firstPiece;
        private final int pieceLength;
        private final byte[] v1;
        final byte[][] roots;
        final byte[][] layers;

        PerFilePieces(List<Segment.FileSegment> files, long[] firstPiece, int pieceLength, byte[] v1) {
            this.files = files;
            this.firstPiece = firstPiece;
            this.pieceLength = pieceLength;
            this.v1 = v1;
            roots = new byte[files.size()][];
            layers = new byte[files.size()][];
            for (int i = 0; i < files.size(); i++) {
                long length = files.get(i).length();
                if (length > pieceLength) {
                    layers[i] = new byte[(int) ceilDiv(length, pieceLength) * MerkleTree.HASH_SIZE];
                }
            }
        }

        @Override
        public long pieces() {
            return firstPiece[files.size()];
        }

        @Override
        public long hash(long piece, PieceReader reader) throws IOException, DigestException {
            int f = lastAtOrBefore(firstPiece, files.size(), piece);
            Segment.FileSegment file = files.get(f);
            int pieceInFile = (int) (piece - firstPiece[f]);
            long offset = (long) pieceInFile * pieceLength;
            int data = (int) Math.min(pieceLength, file.length() - offset);
            MessageDigest sha1 = v1 == null ? null : reader.sha1();
            byte[] leaves = reader.merkle(file, f, offset, data, sha1);
            if (sha1 != null) {
                if (f < files.size() - 1) {
                    PieceReader.zeros(pieceLength - data, sha1);
                }
                sha1.digest(v1, (int) piece * V1_HASH_SIZE, V1_HASH_SIZE);
            }
            int blocks = (data + MerkleTree.BLOCK_SIZE - 1) / MerkleTree.BLOCK_SIZE;
            byte[] hashes = Arrays.copyOf(leaves, blocks * MerkleTree.HASH_SIZE);
            if (file.length() <= pieceLength) {
                roots[f] = MerkleTree.root(hashes, MerkleTree.nextPowerOfTwo(blocks), ZERO_LEAF);
            } else {
                byte[] subtree = MerkleTree.root(hashes, pieceLength / MerkleTree.BLOCK_SIZE, ZERO_LEAF);
                System.arraycopy(subtree, 0, layers[f], pieceInFile * MerkleTree.HASH_SIZE, MerkleTree.HASH_SIZE);
            }
            return data;
        }
    }

    /**
     * One hashing thread's reading side and digests: a direct read buffer (the JDK reads into it without
     * an intermediate copy, and {@link MessageDigest#update(ByteBuffer)} hashes it through a small array
     * that stays in the first-level cache) and the channel of the file it last read, kept open while
     * consecutive pieces stay in that file.
     */
    private static final class PieceReader implements AutoCloseable {
        private final int pieceLength;
        private final ByteBuffer chunk;
        private MessageDigest sha1;
        private MessageDigest sha256;
        private byte[] leaves;
        private FileChannel channel;
        private int channelIndex = -1;

        PieceReader(int pieceLength) {
            this.pieceLength = pieceLength;
            chunk = ByteBuffer.allocateDirect(Math.min(pieceLength, READ_CHUNK));
        }

        MessageDigest sha1() {
            if (sha1 == null) {
                sha1 = digest("SHA-1");
            }
            return sha1;
        }

        /** Feeds {@code length} bytes of {@code file} from {@code position} to {@code digest}. */
        void read(int index, Segment.FileSegment file, long position, int length, MessageDigest digest)
                throws IOException {
            FileChannel source = channel(index, file);
            long at = position;
            long end = position + length;
            while (at < end) {
                fill(source, file, at, (int) Math.min(chunk.capacity(), end - at));
                digest.update(chunk);
                at += chunk.limit();
            }
        }

        /**
         * Hashes the {@code length} bytes of {@code file} from {@code position} (one piece) into SHA-256
         * leaves, one per 16 KiB block, also feeding them to {@code sha1} when it is not null; returns the
         * leaves array (valid up to the piece's block count).
         */
        byte[] merkle(Segment.FileSegment file, int index, long position, int length, MessageDigest sha1)
                throws IOException, DigestException {
            if (sha256 == null) {
                sha256 = digest("SHA-256");
                leaves = new byte[pieceLength / MerkleTree.BLOCK_SIZE * MerkleTree.HASH_SIZE];
            }
            FileChannel source = channel(index, file);
            int done = 0;
            int block = 0;
            while (done < length) {
                int n = Math.min(chunk.capacity(), length - done);
                fill(source, file, position + done, n);
                if (sha1 != null) {
                    sha1.update(chunk);
                }
                for (int from = 0; from < n; from += MerkleTree.BLOCK_SIZE) {
                    chunk.limit(Math.min(n, from + MerkleTree.BLOCK_SIZE)).position(from);
                    sha256.update(chunk);
                    sha256.digest(leaves, block++ * MerkleTree.HASH_SIZE, MerkleTree.HASH_SIZE);
                }
                done += n;
            }
            return leaves;
        }

        static void zeros(long length, MessageDigest digest) {
            for (long left = length; left > 0; left -= ZEROS.length) {
                digest.update(ZEROS, 0, (int) Math.min(ZEROS.length, left));
            }
        }

        /** Reads exactly {@code length} bytes at {@code position} into the chunk, leaving it flipped. */
        private void fill(FileChannel source, Segment.FileSegment file, long position, int length) throws IOException {
            chunk.clear().limit(length);
            while (chunk.hasRemaining()) {
                long at = position + chunk.position();
                if (source.read(chunk, at) < 0) {
                    throw new EOFException(file.path() + " ended at byte " + at + " of " + file.length());
                }
            }
            chunk.flip();
        }

        private FileChannel channel(int index, Segment.FileSegment file) throws IOException {
            if (index != channelIndex) {
                close();
                channel = open(file);
                channelIndex = index;
            }
            return channel;
        }

        @Override
        public void close() throws IOException {
            channelIndex = -1;
            if (channel != null) {
                FileChannel c = channel;
                channel = null;
                c.close();
            }
        }
    }

    /**
     * One hashing call: the next unclaimed piece, how far the workers may claim, the bytes hashed so far,
     * the first failure, and the workers.
     */
    private final class Run {
        private final Job job;
        private final int pieceLength;
        private final long pieces;
        private final AtomicLong next = new AtomicLong();
        private final AtomicLong hashed = new AtomicLong();
        private final AtomicInteger waiting = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile long claimLimit;
        private volatile boolean stopping;
        private final Thread[] workers;
        private long reported = -1;

        Run(Job job, int pieceLength) {
            this.job = job;
            this.pieceLength = pieceLength;
            this.pieces = job.pieces();
            int run = RUNS.incrementAndGet();
            int count = (int) Math.max(0, Math.min(threads - 1, pieces - 1));
            workers = new Thread[count];
            for (int i = 0; i < count; i++) {
                Thread t = new Thread(this::work, THREAD_NAME_PREFIX + run + "-" + i);
                t.setDaemon(true);
                workers[i] = t;
            }
        }

        void execute() throws IOException {
            boolean finished = false;
            try {
                checkpoint();
                for (Thread t : workers) {
                    t.start();
                }
                try (PieceReader reader = new PieceReader(pieceLength)) {
                    long piece;
                    while ((piece = next.getAndIncrement()) < pieces) {
                        allowClaimsUpTo(piece + 1 + buffers);
                        hashed.addAndGet(job.hash(piece, reader));
                        checkpoint();
                    }
                } catch (ClosedByInterruptException e) {
                    Thread.currentThread().interrupt();
                    CancellationException c = cancellation();
                    c.initCause(e);
                    throw c;
                } catch (DigestException e) {
                    throw new IllegalStateException("a digest refused its output buffer", e);
                }
                allowClaimsUpTo(Long.MAX_VALUE);
                for (Thread t : workers) {
                    while (t.isAlive()) {
                        checkpoint();
                        try {
                            TimeUnit.NANOSECONDS.timedJoin(t, POLL_NANOS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw cancellation();
                        }
                    }
                }
                rethrowFailure();
                report(hashed.get());
                finished = true;
            } finally {
                if (!finished) {
                    abort();
                }
            }
        }

        private void work() {
            try (PieceReader reader = new PieceReader(pieceLength)) {
                long piece;
                while ((piece = claim()) >= 0) {
                    hashed.addAndGet(job.hash(piece, reader));
                }
            } catch (Throwable t) {
                if (!stopping) {
                    failure.compareAndSet(null, t);
                    stopping = true;
                }
            }
        }

        /** The next piece for a worker, waiting while it is beyond the claim limit; -1 when done or stopping. */
        private long claim() {
            while (!stopping) {
                long piece = next.get();
                if (piece >= pieces) {
                    return -1;
                }
                if (piece < claimLimit) {
                    if (next.compareAndSet(piece, piece + 1)) {
                        return piece;
                    }
                    continue;
                }
                waiting.incrementAndGet();
                try {
                    if (next.get() >= claimLimit && !stopping) {
                        LockSupport.parkNanos(this, POLL_NANOS);
                    }
                } finally {
                    waiting.decrementAndGet();
                }
            }
            return -1;
        }

        private void allowClaimsUpTo(long limit) {
            claimLimit = limit;
            if (waiting.get() > 0) {
                for (Thread t : workers) {
                    LockSupport.unpark(t);
                }
            }
        }

        /** Between the calling thread's pieces: worker failures, progress, cancellation. */
        private void checkpoint() throws IOException {
            rethrowFailure();
            report(hashed.get());
            if (Thread.currentThread().isInterrupted() || cancelled.getAsBoolean()) {
                throw cancellation();
            }
        }

        private void report(long bytes) {
            if (bytes > reported) {
                reported = bytes;
                progress.accept(bytes);
            }
        }

        private CancellationException cancellation() {
            return new CancellationException("piece hashing cancelled after " + hashed.get() + " bytes");
        }

        private void rethrowFailure() throws IOException {
            Throwable t = failure.get();
            if (t == null) {
                return;
            }
            if (t instanceof IOException e) {
                throw e;
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("piece hashing worker failed", t);
        }

        private void abort() {
            stopping = true;
            for (Thread t : workers) {
                t.interrupt();
            }
            boolean interrupted = false;
            for (Thread t : workers) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Configures a {@link PieceHasher}. */
    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private int buffers;
        private LongConsumer progress = bytes -> {};
        private BooleanSupplier cancelled = () -> false;

        private Builder() {}

        /**
         * Hashing threads, the calling thread included; defaults to {@link Runtime#availableProcessors()}.
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * How many pieces the workers may claim beyond the one the calling thread is hashing, which bounds
         * the work done between two progress reports and cancellation checks; defaults to 3 per thread.
         * Memory does not depend on it: each thread reads through one buffer of at most 128 KiB.
         */
        public Builder buffers(int buffers) {
            if (buffers < 1) {
                throw new IllegalArgumentException("buffers must be at least 1: " + buffers);
            }
            this.buffers = buffers;
            return this;
        }

        /**
         * Called on the calling thread with the content bytes hashed so far, strictly increasing, the last
         * call giving the total.
         */
        public Builder onProgress(LongConsumer progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Checked between pieces; once it returns true the call throws a {@link CancellationException}. */
        public Builder cancelWhen(BooleanSupplier cancelled) {
            this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
            return this;
        }

        public PieceHasher build() {
            return new PieceHasher(this);
        }
    }
}

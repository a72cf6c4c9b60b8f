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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>The calling thread reads: it fills piece buffers from a bounded pool of {@link Builder#buffers(int)}
 * buffers (3 per worker by default) with positional {@link FileChannel} reads and hands them to
 * {@link Builder#threads(int)} hashing worker threads, so memory stays at about
 * {@code buffers × piece length} whatever the content size. Buffers are heap arrays, which the digests
 * hash without a further copy. Workers are started per call and have ended by the time a call returns
 * or throws.
 *
 * <p>The calling thread also reports progress (content bytes hashed so far, ending with the total) and
 * checks for cancellation between pieces: when the {@link Builder#cancelWhen(BooleanSupplier) cancel
 * condition} holds, or the calling thread is interrupted, the call stops and throws a
 * {@link CancellationException} (an interrupt stays set). I/O failures, including a file whose size is
 * not the one the layout declares, surface as {@link IOException}. Instances are immutable and may be
 * shared; each call runs on its own threads and buffers.
 */
public final class PieceHasher {

    /** v1 piece hash size: SHA-1. */
    public static final int V1_HASH_SIZE = 20;
    /** The largest piece length accepted: 256 MiB, the largest mainstream clients create. */
    public static final int MAX_PIECE_LENGTH = 1 << 28;
    /** Worker threads are named with this prefix followed by a run number and the worker number. */
    public static final String THREAD_NAME_PREFIX = "bitquark-piece-hasher-";

    private static final long POLL_MILLIS = 20;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final byte[] ZERO_LEAF = MerkleTree.padHash(0);
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
        long total = 0;
        for (Segment s : segments) {
            total = addLength(total, s.length());
        }
        long pieces = ceilDiv(total, pieceLength);
        byte[] out = new byte[arraySize(pieces, V1_HASH_SIZE, "v1 pieces")];
        Run run = new Run(pieceLength, total, out, null);
        run.execute(() -> feedV1(run, segments, pieces));
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
        long total = 0;
        long v1Pieces = 0;
        for (Segment.FileSegment f : files) {
            total = addLength(total, f.length());
            long pieces = ceilDiv(f.length(), pieceLength);
            arraySize(pieces, MerkleTree.HASH_SIZE, "piece layer of " + f.path());
            v1Pieces += pieces;
        }
        byte[] v1 = withV1 ? new byte[arraySize(v1Pieces, V1_HASH_SIZE, "v1 pieces")] : null;
        Run run = new Run(pieceLength, total, v1, files);
        run.execute(() -> feedPerFile(run, files, withV1));
        List<V2FileHashes> hashes = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            long length = files.get(i).length();
            if (length == 0) {
                hashes.add(V2FileHashes.empty());
            } else if (length <= pieceLength) {
                hashes.add(new V2FileHashes(length, run.roots[i], new byte[0]));
            } else {
                byte[] layer = run.layers[i];
                hashes.add(new V2FileHashes(length, MerkleTree.rootFromPieceLayer(layer, pieceLength), layer));
            }
        }
        List<Segment> layout = withV1 ? hybridV1Layout(files, pieceLength) : List.of();
        return new HybridHashes(withV1 ? v1 : new byte[0], layout, hashes);
    }

    private static void feedV1(Run run, List<Segment> segments, long pieces) throws IOException {
        int pieceLength = run.pieceLength;
        int segment = 0;
        long offsetInSegment = 0;
        FileChannel channel = null;
        try {
            for (long p = 0; p < pieces; p++) {
                Slot slot = run.acquire();
                int length = (int) Math.min(pieceLength, run.totalBytes - p * pieceLength);
                int filled = 0;
                while (filled < length) {
                    Segment s = segments.get(segment);
                    long available = s.length() - offsetInSegment;
                    if (available == 0) {
                        if (channel != null) {
                            channel.close();
                            channel = null;
                        }
                        segment++;
                        offsetInSegment = 0;
                        continue;
                    }
                    int n = (int) Math.min(available, length - filled);
                    if (s instanceof Segment.FileSegment file) {
                        if (channel == null) {
                            channel = open(file);
                        }
                        run.readFully(channel, slot.buffer, filled, n, offsetInSegment, file);
                    } else {
                        Arrays.fill(slot.buffer, filled, filled + n, (byte) 0);
                    }
                    filled += n;
                    offsetInSegment += n;
                }
                slot.assign(-1, -1, (int) p, 0, length, length);
                run.submit(slot);
            }
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private static void feedPerFile(Run run, List<Segment.FileSegment> files, boolean withV1) throws IOException {
        int pieceLength = run.pieceLength;
        int v1Index = 0;
        for (int f = 0; f < files.size(); f++) {
            Segment.FileSegment file = files.get(f);
            if (file.length() == 0) {
                continue;
            }
            boolean lastFile = f == files.size() - 1;
            long pieces = ceilDiv(file.length(), pieceLength);
            try (FileChannel channel = open(file)) {
                for (long p = 0; p < pieces; p++) {
                    Slot slot = run.acquire();
                    int data = (int) Math.min(pieceLength, file.length() - p * pieceLength);
                    run.readFully(channel, slot.buffer, 0, data, p * pieceLength, file);
                    int v1Length = 0;
                    if (withV1) {
                        v1Length = lastFile ? data : pieceLength;
                        Arrays.fill(slot.buffer, data, v1Length, (byte) 0);
                    }
                    slot.assign(f, (int) p, withV1 ? v1Index++ : -1, data, v1Length, data);
                    run.submit(slot);
                }
            }
        }
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
            throw new IllegalArgumentException("piece length " + pieceLength + " outside " + minimum + ".." + MAX_PIECE_LENGTH);
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

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the Java platform", e);
        }
    }

    /** A piece buffer and what the reader put in it. */
    private static final class Slot {
        final byte[] buffer;
        int fileIndex;
        int pieceInFile;
        int v1Index;
        int dataLength;
        int v1Length;
        long progressBytes;

        Slot(byte[] buffer) {
            this.buffer = buffer;
        }

        void assign(int fileIndex, int pieceInFile, int v1Index, int dataLength, int v1Length, long progressBytes) {
            this.fileIndex = fileIndex;
            this.pieceInFile = pieceInFile;
            this.v1Index = v1Index;
            this.dataLength = dataLength;
            this.v1Length = v1Length;
            this.progressBytes = progressBytes;
        }
    }

    private interface Feed {
        void run() throws IOException;
    }

    /** One hashing call: its buffer pool, work queue, workers and results. */
    private final class Run {
        private final Slot stop = new Slot(new byte[0]);
        final int pieceLength;
        final long totalBytes;
        final byte[] v1Pieces;
        final long[] fileLengths;
        final byte[][] roots;
        final byte[][] layers;
        private final ArrayBlockingQueue<Slot> free;
        private final ArrayBlockingQueue<Slot> work;
        private final AtomicLong hashed = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread[] workers;
        private long reported = -1;

        Run(int pieceLength, long totalBytes, byte[] v1Pieces, List<Segment.FileSegment> v2Files) {
            this.pieceLength = pieceLength;
            this.totalBytes = totalBytes;
            this.v1Pieces = v1Pieces;
            if (v2Files == null) {
                fileLengths = null;
                roots = null;
                layers = null;
            } else {
                fileLengths = new long[v2Files.size()];
                roots = new byte[v2Files.size()][];
                layers = new byte[v2Files.size()][];
                for (int i = 0; i < fileLengths.length; i++) {
                    long length = v2Files.get(i).length();
                    fileLengths[i] = length;
                    if (length > pieceLength) {
                        layers[i] = new byte[(int) ceilDiv(length, pieceLength) * MerkleTree.HASH_SIZE];
                    }
                }
            }
            long pieces = ceilDiv(totalBytes, pieceLength);
            int slots = (int) Math.max(1, Math.min(buffers, pieces));
            free = new ArrayBlockingQueue<>(slots);
            work = new ArrayBlockingQueue<>(slots + threads);
            for (int i = 0; i < slots; i++) {
                free.add(new Slot(new byte[pieceLength]));
            }
            int run = RUNS.incrementAndGet();
            workers = new Thread[threads];
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(new Worker(), THREAD_NAME_PREFIX + run + "-" + i);
                t.setDaemon(true);
                workers[i] = t;
            }
        }

        void execute(Feed feed) throws IOException {
            for (Thread t : workers) {
                t.start();
            }
            boolean finished = false;
            try {
                feed.run();
                for (int i = 0; i < workers.length; i++) {
                    work.add(stop);
                }
                for (Thread t : workers) {
                    while (t.isAlive()) {
                        checkRunning();
                        try {
                            t.join(POLL_MILLIS);
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

        Slot acquire() {
            while (true) {
                checkRunning();
                try {
                    Slot slot = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (slot != null) {
                        return slot;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw cancellation();
                }
            }
        }

        void submit(Slot slot) {
            work.add(slot);
        }

        void readFully(FileChannel channel, byte[] buffer, int offset, int length, long position,
                       Segment.FileSegment file) throws IOException {
            ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
            try {
                while (target.hasRemaining()) {
                    long at = position + (target.position() - offset);
                    if (channel.read(target, at) < 0) {
                        throw new EOFException(file.path() + " ended at byte " + at + " of " + file.length());
                    }
                }
            } catch (ClosedByInterruptException e) {
                Thread.currentThread().interrupt();
                CancellationException c = cancellation();
                c.initCause(e);
                throw c;
            }
        }

        private void checkRunning() {
            if (Thread.currentThread().isInterrupted() || cancelled.getAsBoolean()) {
                throw cancellation();
            }
            rethrowFailure();
            report(hashed.get());
        }

        private void report(long bytes) {
            if (bytes > reported) {
                reported = bytes;
                progress.accept(bytes);
            }
        }

        private CancellationException cancellation() {
            return new CancellationException(
                    "piece hashing cancelled after " + hashed.get() + " of " + totalBytes + " bytes");
        }

        private void rethrowFailure() {
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException("piece hashing worker failed", t);
            }
        }

        private void abort() {
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

        private final class Worker implements Runnable {
            private final MessageDigest sha1 = v1Pieces == null ? null : digest("SHA-1");
            private final MessageDigest sha256 = fileLengths == null ? null : digest("SHA-256");
            private final byte[] leaves = fileLengths == null ? null
                    : new byte[pieceLength / MerkleTree.BLOCK_SIZE * MerkleTree.HASH_SIZE];

            @Override
            public void run() {
                try {
                    while (true) {
                        Slot slot = work.take();
                        if (slot == stop) {
                            return;
                        }
                        hash(slot);
                        hashed.addAndGet(slot.progressBytes);
                        free.add(slot);
                    }
                } catch (InterruptedException e) {
                    // aborted by the reading thread: nothing left to do
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }

            private void hash(Slot slot) throws DigestException {
                if (sha1 != null) {
                    sha1.update(slot.buffer, 0, slot.v1Length);
                    sha1.digest(v1Pieces, slot.v1Index * V1_HASH_SIZE, V1_HASH_SIZE);
                }
                if (sha256 != null) {
                    merkle(slot);
                }
            }

            private void merkle(Slot slot) throws DigestException {
                int blocks = (slot.dataLength + MerkleTree.BLOCK_SIZE - 1) / MerkleTree.BLOCK_SIZE;
                for (int b = 0; b < blocks; b++) {
                    int from = b * MerkleTree.BLOCK_SIZE;
                    sha256.update(slot.buffer, from, Math.min(MerkleTree.BLOCK_SIZE, slot.dataLength - from));
                    sha256.digest(leaves, b * MerkleTree.HASH_SIZE, MerkleTree.HASH_SIZE);
                }
                byte[] hashes = Arrays.copyOf(leaves, blocks * MerkleTree.HASH_SIZE);
                int file = slot.fileIndex;
                if (fileLengths[file] <= pieceLength) {
                    roots[file] = MerkleTree.root(hashes, MerkleTree.nextPowerOfTwo(blocks), ZERO_LEAF);
                } else {
                    byte[] subtree = MerkleTree.root(hashes, pieceLength / MerkleTree.BLOCK_SIZE, ZERO_LEAF);
                    System.arraycopy(subtree, 0, layers[file], slot.pieceInFile * MerkleTree.HASH_SIZE,
                            MerkleTree.HASH_SIZE);
                }
            }
        }
    }

    /** Configures a {@link PieceHasher}. */
    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private int buffers;
        private LongConsumer progress = bytes -> { };
        private BooleanSupplier cancelled = () -> false;

        private Builder() {
        }

        /** Hashing worker threads; defaults to {@link Runtime#availableProcessors()}. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Piece buffers in the pool, bounding memory to {@code buffers × piece length}; defaults to 3 per thread. */
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

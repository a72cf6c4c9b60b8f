package io.bitquark.protocol.hash;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Piece hashing on a caller's {@link Executor}: turning content into a torrent's piece hashes (v1 pieces,
 * BEP 3; v2 per-file merkle trees, BEP 52; both in one read for a hybrid), checking pieces on disk against a
 * torrent ({@link #verify}), and hashing content as it streams past ({@link #streamV1}). It starts no thread
 * of its own; the executor's threads are the hashing threads, and one executor may serve every caller.
 *
 * <pre>
 * v1      pieces = SHA-1(piece 0) | SHA-1(piece 1) | ...        20 bytes each, pieces cross file boundaries
 * v2      per file: leaves = SHA-256(16 KiB block)...           padded with zero hashes to a power of two
 *                   piece layer = roots of piece-sized subtrees  only for files larger than one piece
 *                   pieces root = root of the whole file tree    none for an empty file
 * hybrid  each file read once; v1 pieces over the files with a pad after each one but the last
 * </pre>
 *
 * <p>A call runs {@link #parallelism()} tasks. Pieces are independent, so each task takes the next unclaimed
 * piece, reads it itself with positional reads in chunks of at most 128 KiB, feeds each chunk to a
 * {@link PieceDigest} while it is still in cache, and stores or checks the piece's hash at its index. No
 * reader thread, no hand-off, and no piece is ever held whole: memory is one 128 KiB buffer per running task
 * whatever the piece length, so any piece length a torrent may have (up to the parser's 2^30 − 1 bytes) is
 * hashed alike. A task gives its thread back after about 4 MiB of pieces and queues itself again, so calls
 * sharing one executor take turns instead of one waiting for another to end.
 *
 * <p>Progress (bytes hashed so far, strictly increasing, ending with the total; a call with nothing to hash
 * reports 0) is reported from the hashing threads, one report at a time. Between pieces each task checks the
 * {@link #cancelWhen cancel condition}, its thread's interrupt and the call's own cancellation; once one
 * holds, tasks take no other piece and the call ends with a {@link CancellationException}. The blocking calls
 * return or throw only once every task of theirs has ended; interrupting the calling thread cancels the call
 * (the interrupt stays set). I/O failures while creating, including a file whose size is not the one the
 * layout declares, surface as {@link IOException}; bad arguments (a piece length below 1, a v2 piece length
 * not a power of two of at least 16 KiB, too many pieces) as {@link IllegalArgumentException}.
 *
 * <p>Instances are immutable and may be shared; {@link #onProgress} and {@link #cancelWhen} return copies.
 */
public final class PieceHashing {

    /** The largest read, and the size of each task's buffer. */
    static final int READ_CHUNK = 128 * 1024;
    /** About how many bytes a task hashes before it gives its thread back. */
    static final long SLICE_BYTES = 4L * 1024 * 1024;

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final ThreadLocal<Turn> TURN = ThreadLocal.withInitial(Turn::new);

    private final Executor executor;
    private final int parallelism;
    private final LongConsumer progress;
    private final BooleanSupplier cancelled;

    private PieceHashing(Executor executor, int parallelism, LongConsumer progress, BooleanSupplier cancelled) {
        this.executor = executor;
        this.parallelism = parallelism;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    /**
     * Hashing with {@code parallelism} tasks per call on {@code executor}, normally its thread count. A
     * blocking call waits for its tasks, so it must not run on a thread those tasks need: give calls made
     * from the executor's own threads another executor (or {@link #onCallingThread()}).
     */
    public static PieceHashing on(Executor executor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        return new PieceHashing(Objects.requireNonNull(executor, "executor"), parallelism, bytes -> {}, () -> false);
    }

    /** Hashing on the calling thread alone: one task, run where it is submitted. */
    public static PieceHashing onCallingThread() {
        return on(Runnable::run, 1);
    }

    /** A copy that reports the bytes hashed so far to {@code progress} (see the class comment). */
    public PieceHashing onProgress(LongConsumer progress) {
        return new PieceHashing(executor, parallelism, Objects.requireNonNull(progress, "progress"), cancelled);
    }

    /** A copy whose calls stop, with a {@link CancellationException}, once {@code cancelled} returns true. */
    public PieceHashing cancelWhen(BooleanSupplier cancelled) {
        return new PieceHashing(executor, parallelism, progress, Objects.requireNonNull(cancelled, "cancelled"));
    }

    public int parallelism() {
        return parallelism;
    }

    /**
     * The v1 {@code pieces} string of content laid out as {@code layout}: the concatenated 20-byte SHA-1
     * hashes of each {@code pieceLength} piece, the last piece being shorter when the content does not
     * fill it. Pad segments hash as zero bytes and are never read.
     */
    public byte[] hashV1(List<? extends Segment> layout, int pieceLength) throws IOException {
        if (pieceLength < 1) {
            throw new IllegalArgumentException("piece length must be positive: " + pieceLength);
        }
        List<Segment> segments = List.copyOf(layout);
        long[] starts = SegmentReader.offsets(segments);
        long total = starts[segments.size()];
        long pieces = ceilDiv(total, pieceLength);
        byte[] out = new byte[arraySize(pieces, PieceDigest.V1_HASH_SIZE, "v1 pieces")];
        await(new Batch(new V1Pieces(segments, starts, pieceLength, total, out)));
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
        PieceDigest.checkV2PieceLength(pieceLength);
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

    /**
     * Starts checking the pieces in {@code pieces} (indexes past the last piece are ignored) against
     * {@code hashes}, reading them from {@code source}, which the tasks call concurrently. Returns at once. A
     * piece whose bytes cannot be read fails its check; nothing in the data makes the check as a whole fail.
     * Progress counts each checked piece's {@link PieceHashes#pieceSize size}.
     */
    public Verification verify(PieceHashes hashes, BitSet pieces, PieceSource source) {
        int[] indexes = pieces.get(0, hashes.pieceCount()).stream().toArray();
        long total = 0;
        for (int p : indexes) {
            total += hashes.pieceSize(p);
        }
        Checks checks = new Checks(hashes, indexes, Objects.requireNonNull(source, "source"));
        Batch batch = new Batch(checks);
        batch.start();
        return new Verification(batch, checks, total);
    }

    /**
     * v1 pieces of content streaming past, hashed on this executor beside the thread that hands the bytes
     * over, through {@code buffers} buffers of {@code bufferSize} bytes.
     */
    public PieceStream streamV1(int pieceLength, int buffers, int bufferSize) {
        return new PieceStream(pieceLength, executor, buffers, bufferSize);
    }

    private HybridHashes perFile(List<Segment.FileSegment> files, int pieceLength, boolean withV1) throws IOException {
        PieceDigest.checkV2PieceLength(pieceLength);
        long[] firstPiece = new long[files.size() + 1];
        long pieces = 0;
        for (int i = 0; i < files.size(); i++) {
            Segment.FileSegment f = files.get(i);
            long filePieces = ceilDiv(f.length(), pieceLength);
            arraySize(filePieces, MerkleTree.HASH_SIZE, "piece layer of " + f.path());
            pieces += filePieces;
            arraySize(pieces, PieceDigest.V1_HASH_SIZE, "pieces");
            firstPiece[i + 1] = pieces;
        }
        List<Segment> layout = hybridV1Layout(files, pieceLength);
        byte[] v1 = withV1 ? new byte[(int) pieces * PieceDigest.V1_HASH_SIZE] : null;
        PerFilePieces job = new PerFilePieces(files, firstPiece, layout, pieceLength, v1);
        await(new Batch(job));
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
        return new HybridHashes(withV1 ? v1 : new byte[0], withV1 ? layout : List.of(), hashes);
    }

    /** Starts {@code batch} and waits for it; an interrupt of the waiting thread cancels it. */
    private static void await(Batch batch) throws IOException {
        batch.start();
        try {
            batch.done.get();
        } catch (InterruptedException e) {
            batch.cancelRequested = true;
            try {
                batch.done.join();
            } catch (CompletionException | CancellationException ended) {
                // it ended as it was going to: cancelled, or failed before the cancellation was seen
            }
            Thread.currentThread().interrupt();
            throw batch.cancellation();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("piece hashing failed", cause);
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

    /** What one call hashes: {@link #count()} independent items, each hashed by whichever task claims it. */
    private interface Job {
        int count();

        PieceDigest newDigest();

        /** What a task reads through; closed when the task ends if it is {@link Closeable}. */
        PieceSource newSource();

        /** Hashes item {@code item}; returns the bytes it counts for in progress. */
        long hash(int item, PieceSource source, PieceDigest digest, ByteBuffer buffer) throws IOException;
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
        public int count() {
            return out.length / PieceDigest.V1_HASH_SIZE;
        }

        @Override
        public PieceDigest newDigest() {
            return PieceDigest.v1();
        }

        @Override
        public PieceSource newSource() {
            return new SegmentReader(segments, starts);
        }

        @Override
        public long hash(int piece, PieceSource source, PieceDigest digest, ByteBuffer buffer) throws IOException {
            long start = (long) piece * pieceLength;
            long length = Math.min(pieceLength, totalBytes - start);
            digest.reset().update(source, start, length, buffer);
            digest.v1Hash(out, piece * PieceDigest.V1_HASH_SIZE);
            return length;
        }
    }

    /**
     * v2 (and, for a hybrid pass, v1) pieces file by file over the hybrid layout, where file {@code f} starts
     * at piece {@code firstPiece[f]}: piece {@code p} holds bytes of one file, and in a hybrid pass its v1
     * hash also covers the pad after them.
     */
    private static final class PerFilePieces implements Job {
        private final List<Segment.FileSegment> files;
        private final long[] firstPiece;
        private final List<Segment> layout;
        private final long[] starts;
        private final int pieceLength;
        private final byte[] v1;
        final byte[][] roots;
        final byte[][] layers;

        PerFilePieces(
                List<Segment.FileSegment> files, long[] firstPiece, List<Segment> layout, int pieceLength, byte[] v1) {
            this.files = files;
            this.firstPiece = firstPiece;
            this.layout = layout;
            this.starts = SegmentReader.offsets(layout);
            this.pieceLength = pieceLength;
            this.v1 = v1;
            roots = new byte[files.size()][];
            layers = new byte[files.size()][];
            for (int i = 0; i < files.size(); i++) {
                long length = files.get(i).length();
                if (length > pieceLength) {
                    layers[i] = new byte[(int) (firstPiece[i + 1] - firstPiece[i]) * MerkleTree.HASH_SIZE];
                } else if (length > 0) {
                    roots[i] = new byte[MerkleTree.HASH_SIZE];
                }
            }
        }

        @Override
        public int count() {
            return (int) firstPiece[files.size()];
        }

        @Override
        public PieceDigest newDigest() {
            return v1 == null ? PieceDigest.v2(pieceLength) : PieceDigest.hybrid(pieceLength);
        }

        @Override
        public PieceSource newSource() {
            return new SegmentReader(layout, starts);
        }

        @Override
        public long hash(int piece, PieceSource source, PieceDigest digest, ByteBuffer buffer) throws IOException {
            int f = fileOf(piece);
            int pieceInFile = (int) (piece - firstPiece[f]);
            long start = (long) piece * pieceLength;
            int data = (int) Math.min(pieceLength, files.get(f).length() - (long) pieceInFile * pieceLength);
            long read = v1 == null ? data : Math.min(pieceLength, starts[layout.size()] - start);
            digest.reset(data).update(source, start, read, buffer);
            if (v1 != null) {
                digest.v1Hash(v1, piece * PieceDigest.V1_HASH_SIZE);
            }
            if (roots[f] != null) {
                digest.v2FileRoot(roots[f], 0);
            } else {
                digest.v2PieceHash(layers[f], pieceInFile * MerkleTree.HASH_SIZE);
            }
            return data;
        }

        /** The file whose pieces include {@code piece}: the last one starting at or before it that has pieces. */
        private int fileOf(int piece) {
            return SegmentReader.lastAtOrBefore(firstPiece, files.size(), piece);
        }
    }

    /** The checks of a verification: each item is one piece, good or not. */
    private static final class Checks implements Job {
        private final PieceHashes hashes;
        private final int[] pieces;
        private final PieceSource source;
        private final boolean[] good;

        Checks(PieceHashes hashes, int[] pieces, PieceSource source) {
            this.hashes = hashes;
            this.pieces = pieces;
            this.source = source;
            this.good = new boolean[pieces.length];
        }

        @Override
        public int count() {
            return pieces.length;
        }

        @Override
        public PieceDigest newDigest() {
            return hashes.newDigest();
        }

        @Override
        public PieceSource newSource() {
            return source;
        }

        @Override
        public long hash(int item, PieceSource source, PieceDigest digest, ByteBuffer buffer) {
            int piece = pieces[item];
            try {
                hashes.begin(digest, piece).update(source, hashes.pieceStart(piece), hashes.dataLength(piece), buffer);
                good[item] = hashes.matches(piece, digest);
            } catch (IOException unreadable) {
                good[item] = false;
            }
            return hashes.pieceSize(piece);
        }

        BitSet verified() {
            BitSet verified = new BitSet(hashes.pieceCount());
            for (int i = 0; i < pieces.length; i++) {
                if (good[i]) {
                    verified.set(pieces[i]);
                }
            }
            return verified;
        }
    }

    /** A check started by {@link #verify}. */
    public static final class Verification {
        private final Batch batch;
        private final long totalBytes;
        private final CompletableFuture<BitSet> result;

        private Verification(Batch batch, Checks checks, long totalBytes) {
            this.batch = batch;
            this.totalBytes = totalBytes;
            this.result = new CompletableFuture<>();
            batch.done.whenComplete((done, failed) -> {
                if (failed != null) {
                    result.completeExceptionally(failed);
                } else {
                    result.complete(checks.verified());
                }
            });
        }

        /** Completes with the pieces that matched, or with a {@link CancellationException} after a cancel. */
        public CompletableFuture<BitSet> result() {
            return result;
        }

        /** Stops the check: tasks finish the piece they hash and take no other. */
        public void cancel() {
            batch.cancelRequested = true;
        }

        public long checkedBytes() {
            return batch.hashed.get();
        }

        /** The bytes of every piece to check. */
        public long totalBytes() {
            return totalBytes;
        }
    }

    /** The task running on this thread, and whether the executor ran its next turn here at once. */
    private static final class Turn {
        Object task;
        boolean again;
    }

    /** One call: the next unclaimed item, the tasks still running, the bytes hashed, and how it ends. */
    private final class Batch {
        final Job job;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicLong hashed = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile boolean cancelRequested;
        private long reported = -1;

        Batch(Job job) {
            this.job = job;
            this.count = job.count();
        }

        void start() {
            int tasks = Math.min(parallelism, count);
            if (tasks == 0) {
                finish();
                return;
            }
            running.set(tasks);
            for (int i = 0; i < tasks; i++) {
                Task task = new Task();
                try {
                    executor.execute(task);
                } catch (RejectedExecutionException e) {
                    failure.compareAndSet(null, e);
                    task.end();
                }
            }
        }

        boolean stopping() {
            if (!cancelRequested && (Thread.currentThread().isInterrupted() || cancelled.getAsBoolean())) {
                cancelRequested = true;
            }
            return cancelRequested || failure.get() != null;
        }

        /** Reports {@code bytes} unless a larger count was reported; tasks report one at a time. */
        synchronized void report(long bytes) {
            if (bytes > reported) {
                reported = bytes;
                progress.accept(bytes);
            }
        }

        CancellationException cancellation() {
            return new CancellationException("piece hashing cancelled after " + hashed.get() + " bytes");
        }

        void finish() {
            Throwable outcome = failure.get();
            if (outcome == null && cancelRequested) {
                outcome = cancellation();
            }
            if (outcome == null) {
                try {
                    report(hashed.get());
                } catch (RuntimeException | Error e) {
                    outcome = e;
                }
            }
            if (outcome == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(outcome);
            }
        }

        /**
         * One of the call's tasks: claims items until none is left or the call stops, giving its thread back
         * after each slice of {@link #SLICE_BYTES}. Its source and digest live across its turns.
         */
        private final class Task implements Runnable {
            private PieceSource source;
            private PieceDigest digest;
            /**
             * The task's own, for its whole life: buffers pooled across calls and kept for the life of the
             * process made the kernel's page-cache copies into them measurably slower.
             */
            private ByteBuffer buffer;

            @Override
            public void run() {
                Turn turn = TURN.get();
                if (turn.task == this) {
                    turn.again = true;
                    return;
                }
                Object outerTask = turn.task;
                boolean outerAgain = turn.again;
                turn.task = this;
                boolean ended = false;
                try {
                    while (true) {
                        if (!slice()) {
                            ended = true;
                            break;
                        }
                        turn.again = false;
                        try {
                            executor.execute(this);
                        } catch (RejectedExecutionException shuttingDown) {
                            continue;
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                            ended = true;
                            break;
                        }
                        if (!turn.again) {
                            break;
                        }
                    }
                } finally {
                    turn.task = outerTask;
                    turn.again = outerAgain;
                }
                if (ended) {
                    end();
                }
            }

            /** Hashes items for one slice; false once this task is done. */
            private boolean slice() {
                try {
                    if (digest == null) {
                        digest = job.newDigest();
                        source = job.newSource();
                        buffer = ByteBuffer.allocateDirect(READ_CHUNK);
                    }
                    long bytes = 0;
                    while (bytes < SLICE_BYTES) {
                        int item;
                        if (stopping() || (item = next.getAndIncrement()) >= count) {
                            return false;
                        }
                        long n = job.hash(item, source, digest, buffer);
                        bytes += n;
                        report(hashed.addAndGet(n));
                    }
                    return true;
                } catch (ClosedByInterruptException e) {
                    cancelRequested = true;
                    return false;
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    return false;
                }
            }

            void end() {
                try {
                    if (source instanceof Closeable c) {
                        c.close();
                    }
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
                if (running.decrementAndGet() == 0) {
                    finish();
                }
            }
        }
    }
}

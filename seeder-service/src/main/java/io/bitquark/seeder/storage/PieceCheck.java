package io.bitquark.seeder.storage;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hash check of a torrent's data (the seed's "resume on the complete file"): every piece asked for is
 * read and hashed, and the pieces that match are the result. A partial seed is a normal outcome: a missing or
 * short file, or bytes that do not match, leave the pieces they touch out of the result; nothing in the data
 * makes the check as a whole fail.
 *
 * <p>Pieces are independent: {@code parallelism} tasks on the given executor (a pool shared by all checks,
 * sized to the cores; no thread of its own per torrent) each take the next unchecked piece, read it through a
 * buffer of its own of at most 128 KiB, and hash it. Memory is one buffer per task whatever the torrent's
 * size; open files stay within the shared {@link FileHandles} bound.
 *
 * <p>The stamps of the data files are taken before any piece is read, so a file written during the check
 * shows as changed afterwards (to reads serving it, and to the next fast resume).
 */
public final class PieceCheck {

    /** Told of the bytes checked so far; see {@link #start}. */
    @FunctionalInterface
    public interface Progress {
        void checked(long bytes, long totalBytes);
    }

    /** The read buffer of each task: large enough to keep system calls rare, small enough to hash from cache. */
    static final int READ_CHUNK = 128 * 1024;

    private final Executor executor;
    private final int parallelism;
    private final BlockBuffers buffers;

    /**
     * @param executor    runs the hashing tasks; shared by checks, its threads are the check threads
     * @param parallelism tasks per check, normally the executor's thread count
     */
    public PieceCheck(Executor executor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.executor = Objects.requireNonNull(executor, "executor");
        this.parallelism = parallelism;
        this.buffers = new BlockBuffers(READ_CHUNK, parallelism);
    }

    /** The check threads for a configured count: {@code configured}, or one per core when it is 0. */
    public static int threadsFor(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /** Checks every piece of {@code storage}. */
    public Run startFull(TorrentStorage storage, Progress progress) {
        BitSet all = new BitSet(storage.pieceCount());
        all.set(0, storage.pieceCount());
        return start(storage, all, progress);
    }

    /**
     * Checks the pieces in {@code pieces} (indexes past the torrent's last piece are ignored). Stats the data
     * files on the calling thread, then returns at once. {@code progress} is called from the checking threads,
     * one call at a time, with strictly increasing byte counts; the last call gives the total unless the run
     * was cancelled.
     */
    public Run start(TorrentStorage storage, BitSet pieces, Progress progress) {
        Run run = new Run(storage, pieces.get(0, storage.pieceCount()), Objects.requireNonNull(progress, "progress"));
        run.launch();
        return run;
    }

    /** One check in progress. */
    public final class Run {
        private final TorrentStorage storage;
        private final int[] pieces;
        private final long totalBytes;
        private final Progress progress;
        private final List<FileStamp> stamps;
        private final PieceSet verified;
        private final CompletableFuture<CheckResult> result = new CompletableFuture<>();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicLong checked = new AtomicLong();
        private volatile boolean cancelled;
        private volatile Throwable failure;
        private long reported = -1;

        private Run(TorrentStorage storage, BitSet pieces, Progress progress) {
            this.storage = storage;
            this.pieces = pieces.stream().toArray();
            this.progress = progress;
            long total = 0;
            for (int p : this.pieces) {
                total += storage.pieceLength(p);
            }
            this.totalBytes = total;
            this.verified = new PieceSet(storage.pieceCount());
            this.stamps = storage.currentStamps();
        }

        private void launch() {
            int tasks = Math.min(parallelism, pieces.length);
            if (tasks == 0) {
                finish();
                return;
            }
            running.set(tasks);
            for (int i = 0; i < tasks; i++) {
                try {
                    executor.execute(this::work);
                } catch (RejectedExecutionException e) {
                    failure = e;
                    for (int left = tasks - i; left > 0; left--) {
                        taskEnded();
                    }
                    return;
                }
            }
        }

        private void work() {
            ByteBuffer buffer = buffers.acquire(READ_CHUNK);
            try {
                int i;
                while (!stopping() && (i = next.getAndIncrement()) < pieces.length) {
                    int piece = pieces[i];
                    if (storage.verifyPiece(piece, buffer)) {
                        verified.set(piece);
                    }
                    report(checked.addAndGet(storage.pieceLength(piece)));
                }
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                buffers.release(buffer);
                taskEnded();
            }
        }

        private boolean stopping() {
            return cancelled || failure != null || result.isDone();
        }

        private synchronized void report(long bytes) {
            if (bytes > reported) {
                reported = bytes;
                progress.checked(bytes, totalBytes);
            }
        }

        private void taskEnded() {
            if (running.decrementAndGet() == 0) {
                finish();
            }
        }

        private void finish() {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (cancelled) {
                result.completeExceptionally(new CancellationException(
                        "check cancelled after " + checked.get() + " of " + totalBytes + " bytes"));
            } else {
                if (pieces.length == 0) {
                    report(0);
                }
                result.complete(new CheckResult(verified.snapshot(), stamps));
            }
        }

        /** Completes with the pieces that verified, or with a {@link CancellationException} after {@link #cancel}. */
        public CompletableFuture<CheckResult> result() {
            return result;
        }

        /** Stops the check: tasks finish the piece they hash and take no other. */
        public void cancel() {
            cancelled = true;
        }

        public long checkedBytes() {
            return checked.get();
        }

        public long totalBytes() {
            return totalBytes;
        }

        /** How far the check is, 0 to 100. */
        public double percent() {
            return totalBytes == 0 ? 100.0 : 100.0 * checked.get() / totalBytes;
        }
    }
}

package io.bitquark.seeder.storage;

import io.bitquark.protocol.hash.PieceHashing;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The hash check of a torrent's data (the seed's "resume on the complete file"): every piece asked for is
 * read and hashed, and the pieces that match are the result. A partial seed is a normal outcome: a missing or
 * short file, or bytes that do not match, leave the pieces they touch out of the result; nothing in the data
 * makes the check as a whole fail.
 *
 * <p>The hashing is the protocol's {@link PieceHashing#verify}: {@code parallelism} tasks on the given
 * executor (a pool shared by all checks, sized to the cores; no thread of its own per torrent) each take the
 * next unchecked piece, read it through a buffer of at most 128 KiB, and hash it; checks sharing the pool take
 * turns every few MiB. Memory is one buffer per running task whatever the torrent's size or piece length;
 * open files stay within the shared {@link FileHandles} bound.
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

    private final PieceHashing hashing;

    /**
     * @param executor    runs the hashing tasks; shared by checks, its threads are the check threads
     * @param parallelism tasks per check, normally the executor's thread count
     */
    public PieceCheck(Executor executor, int parallelism) {
        this.hashing = PieceHashing.on(executor, parallelism);
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
        Objects.requireNonNull(progress, "progress");
        List<FileStamp> stamps = storage.currentStamps();
        BitSet within = pieces.get(0, storage.pieceCount());
        long total = within.stream().mapToLong(storage::pieceLength).sum();
        PieceHashing.Verification check = hashing.onProgress(bytes -> progress.checked(bytes, total))
                .verify(storage.pieceHashes(), within, storage.pieceSource());
        return new Run(check, stamps);
    }

    /** One check in progress. */
    public static final class Run {
        private final PieceHashing.Verification check;
        private final CompletableFuture<CheckResult> result;

        private Run(PieceHashing.Verification check, List<FileStamp> stamps) {
            this.check = check;
            this.result = new CompletableFuture<>();
            check.result().whenComplete((verified, failed) -> {
                if (failed != null) {
                    result.completeExceptionally(failed);
                } else {
                    result.complete(new CheckResult(verified, stamps));
                }
            });
        }

        /** Completes with the pieces that verified, or with a {@link CancellationException} after {@link #cancel}. */
        public CompletableFuture<CheckResult> result() {
            return result;
        }

        /** Stops the check: tasks finish the piece they hash and take no other. */
        public void cancel() {
            check.cancel();
        }

        public long checkedBytes() {
            return check.checkedBytes();
        }

        public long totalBytes() {
            return check.totalBytes();
        }

        /** How far the check is, 0 to 100. */
        public double percent() {
            long total = totalBytes();
            return total == 0 ? 100.0 : 100.0 * checkedBytes() / total;
        }
    }
}

package io.bitquark.seeder.download;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bound on received bytes held in memory before their piece is verified and written, shared by every torrent
 * of the process. A piece's bytes are reserved when its first block arrives and released once it is written or
 * dropped. While the bound is exceeded, peers stop reading from their sockets ({@link #overLimit}, then
 * {@link #whenFree}); TCP's window then slows the senders down. They resume once releases bring the total back
 * under the bound.
 *
 * <p>The bound is soft by at most one piece per peer: blocks already read are always taken, so that a piece
 * being assembled is never stuck waiting for its own room.
 */
public final class DownloadBudget {

    private final long limit;
    private long held;
    private final Set<Runnable> waiting = new LinkedHashSet<>();

    /** A budget of {@code limit} bytes. */
    public DownloadBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the unverified-bytes bound must be positive, got " + limit);
        }
        this.limit = limit;
    }

    synchronized void reserve(long bytes) {
        held += bytes;
    }

    void release(long bytes) {
        List<Runnable> resume;
        synchronized (this) {
            held -= bytes;
            if (held >= limit || waiting.isEmpty()) {
                return;
            }
            resume = new ArrayList<>(waiting);
            waiting.clear();
        }
        resume.forEach(Runnable::run);
    }

    /** Whether more bytes are held than the bound allows: the caller should stop reading. */
    synchronized boolean overLimit() {
        return held >= limit;
    }

    /**
     * Runs {@code resume} once the bytes held fall under the bound (at once when they already have); from the
     * thread that released them.
     */
    void whenFree(Runnable resume) {
        synchronized (this) {
            if (held >= limit) {
                waiting.add(resume);
                return;
            }
        }
        resume.run();
    }

    public long limit() {
        return limit;
    }
}

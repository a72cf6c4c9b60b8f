package io.bitquark.metainfo.create;

import io.bitquark.metainfo.config.MetainfoConfig;
import io.bitquark.protocol.hash.PieceHashing;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that hash content ({@code create.hash-threads} of them, one per core by default), shared by
 * every creation, verification and upload: each call runs one task per thread on them, and tasks of
 * different calls take turns every few MiB, so concurrent work shares the cores instead of each call
 * starting threads of its own. Callers wait on their own threads (jobs, request workers), never on these.
 */
@ApplicationScoped
public class HashingThreads {

    public static final String THREAD_NAME_PREFIX = "bitquark-hasher-";

    private final ThreadPoolExecutor executor;
    private final PieceHashing hashing;

    public HashingThreads(MetainfoConfig config) {
        int threads = config.create().hashThreads() > 0
                ? config.create().hashThreads()
                : Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        this.executor =
                new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, THREAD_NAME_PREFIX + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.executor.allowCoreThreadTimeOut(true);
        this.hashing = PieceHashing.on(executor, threads);
    }

    public PieceHashing hashing() {
        return hashing;
    }

    /** Lets queued work finish; work handed over later is hashed on the thread that hands it over. */
    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}

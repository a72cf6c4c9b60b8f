package io.bitquark.metainfo.upload;

import io.bitquark.metainfo.config.MetainfoConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that hash uploads while they arrive ({@code create.hash-threads} of them, one per core by
 * default), shared by every upload: each upload queues at most its few buffers, and a hashing task never
 * blocks, so uploads only share CPU, never wait for a thread held by another.
 */
@ApplicationScoped
public class UploadHashing {

    /** The buffers of one upload: one being filled and written, the others hashed or waiting for it. */
    public static final int BUFFERS = 8;
    /** The size of each buffer; 8 × 256 KiB = 2 MiB per upload. */
    public static final int BUFFER_SIZE = 256 * 1024;

    public static final String THREAD_NAME_PREFIX = "bitquark-upload-hasher-";

    private final ThreadPoolExecutor executor;

    public UploadHashing(MetainfoConfig config) {
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
    }

    /** Hashes v1 pieces of {@code pieceLength} beside the uploading thread. */
    public OverlappedV1Hasher start(int pieceLength) {
        return new OverlappedV1Hasher(new StreamingV1Hasher(pieceLength), executor, BUFFERS, BUFFER_SIZE);
    }

    /** Lets queued chunks be hashed (an upload waits for them); later ones are hashed on the uploading thread. */
    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}

package io.bitquark.metainfo.upload;

import java.io.InterruptedIOException;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link StreamingV1Hasher} fed on an executor, so that an upload's SHA-1 runs beside the thread that
 * reads and writes it instead of after each write on that thread. The uploading thread takes a buffer
 * ({@link #buffer()}), fills and writes it, then {@link #hash hands it over}; the buffers are hashed one
 * after the other, in the order handed over, and come back once hashed:
 *
 * <pre>
 * upload thread:  buffer() → fill → write → hash(buf, n) → buffer() → …       blocks when all are out
 * executor:                                 update(buf, 0, n) → buffer back   one task at a time
 * </pre>
 *
 * Memory is the fixed set of buffers ({@code buffers × bufferSize}); a task never blocks, so a shared
 * executor serves every upload.
 */
public final class OverlappedV1Hasher {

    private record Chunk(byte[] buffer, int length) {}

    private final StreamingV1Hasher hasher;
    private final Executor executor;
    private final int buffers;
    private final BlockingQueue<byte[]> free;
    private final Queue<Chunk> handedOver = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile RuntimeException failure;

    public OverlappedV1Hasher(StreamingV1Hasher hasher, Executor executor, int buffers, int bufferSize) {
        if (buffers < 2 || bufferSize <= 0) {
            throw new IllegalArgumentException(
                    "need at least 2 buffers of a positive size: " + buffers + " x " + bufferSize);
        }
        this.hasher = hasher;
        this.executor = executor;
        this.buffers = buffers;
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            free.add(new byte[bufferSize]);
        }
    }

    public int pieceLength() {
        return hasher.pieceLength();
    }

    /** A buffer to fill; waits while every buffer is still being hashed. */
    public byte[] buffer() throws InterruptedIOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the upload's hashing");
        }
    }

    /** Gives back a buffer taken but not handed over. */
    public void giveBack(byte[] buffer) {
        free.add(buffer);
    }

    /** Hashes the first {@code length} bytes of a buffer from {@link #buffer()}, after those handed over before. */
    public void hash(byte[] buffer, int length) {
        handedOver.add(new Chunk(buffer, length));
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                drain();
            }
        }
    }

    /** Runs while chunks are waiting; the {@code draining} flag makes it one task at a time. */
    private void drain() {
        do {
            for (Chunk c = handedOver.poll(); c != null; c = handedOver.poll()) {
                if (failure == null) {
                    try {
                        hasher.update(c.buffer(), 0, c.length());
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                free.add(c.buffer());
            }
            draining.set(false);
        } while (!handedOver.isEmpty() && draining.compareAndSet(false, true));
    }

    /** Waits until everything handed over is hashed, and gives the hasher, which has seen every byte. */
    public StreamingV1Hasher finish() throws InterruptedIOException {
        byte[][] all = new byte[buffers][];
        for (int i = 0; i < buffers; i++) {
            all[i] = buffer();
        }
        for (byte[] b : all) {
            free.add(b);
        }
        if (failure != null) {
            throw failure;
        }
        return hasher;
    }
}

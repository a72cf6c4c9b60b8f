package io.bitquark.seeder.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of direct buffers to read blocks into: positional {@code FileChannel} reads fill a direct
 * buffer without the JDK's intermediate copy. At most {@code capacity} direct buffers of {@code blockSize}
 * bytes are ever allocated; when all are lent out, or a caller asks for more than {@code blockSize}, it gets a
 * plain heap buffer instead, so taking a buffer never blocks and direct memory stays bounded.
 *
 * <p>Give each buffer back with {@link #release} once its bytes are consumed, and only once; heap buffers
 * handed out are ignored on release.
 */
public final class BlockBuffers {

    /** The block size peers request: 16 KiB (BEP 3 convention, BEP 52 leaf size). */
    public static final int BLOCK_SIZE = 16 * 1024;

    private final int blockSize;
    private final int capacity;
    private final ArrayBlockingQueue<ByteBuffer> idle;
    private final AtomicInteger allocated = new AtomicInteger();

    public BlockBuffers(int blockSize, int capacity) {
        if (blockSize < 1 || capacity < 1) {
            throw new IllegalArgumentException(
                    "block size and capacity must be positive: " + blockSize + ", " + capacity);
        }
        this.blockSize = blockSize;
        this.capacity = capacity;
        this.idle = new ArrayBlockingQueue<>(capacity);
    }

    public int blockSize() {
        return blockSize;
    }

    public int capacity() {
        return capacity;
    }

    /** Direct buffers allocated so far, never more than {@link #capacity()}. */
    public int allocated() {
        return allocated.get();
    }

    /** A buffer with position 0 and limit {@code length}: a pooled direct one when one is free. */
    public ByteBuffer acquire(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length > blockSize) {
            return ByteBuffer.allocate(length);
        }
        ByteBuffer buffer = idle.poll();
        if (buffer == null) {
            buffer = allocate();
        }
        return buffer == null ? ByteBuffer.allocate(length) : buffer.clear().limit(length);
    }

    private ByteBuffer allocate() {
        int n;
        do {
            n = allocated.get();
            if (n >= capacity) {
                return null;
            }
        } while (!allocated.compareAndSet(n, n + 1));
        return ByteBuffer.allocateDirect(blockSize);
    }

    /** Returns a buffer taken from {@link #acquire}; heap buffers are left to the garbage collector. */
    public void release(ByteBuffer buffer) {
        if (buffer.isDirect() && buffer.capacity() == blockSize) {
            idle.offer(buffer);
        }
    }
}

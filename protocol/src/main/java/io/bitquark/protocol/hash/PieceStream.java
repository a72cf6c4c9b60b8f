package io.bitquark.protocol.hash;

import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * BEP 3 v1 piece hashes of content as it streams past (an upload, say), hashed on an executor beside the
 * thread that hands the bytes over: SHA-1 of each {@code pieceLength} bytes, pieces running on across file
 * boundaries, the last piece shorter. Fed the files of a torrent in torrent order, it yields the
 * {@code pieces} string {@link PieceHashing#hashV1} gives after reading them from disk. Made by
 * {@link PieceHashing#streamV1}.
 *
 * <p>The producing thread takes a buffer ({@link #buffer()}), fills it (and, say, writes it to disk), then
 * {@link #hash hands it over}; buffers are hashed one after the other, in the order handed over, and come
 * back once hashed:
 *
 * <pre>
 * producer:  buffer() → fill → write → hash(buf, n) → buffer() → …     waits when every buffer is out
 * executor:                            piece digest ← buf[0, n) → buffer back    one task at a time
 * pieces   = SHA-1(bytes 0 … L−1) | SHA-1(bytes L … 2L−1) | … | SHA-1(last, shorter piece)
 * </pre>
 *
 * Memory is the fixed set of buffers plus 20 bytes per piece; a task never blocks, so one executor serves
 * every stream. Once the executor refuses work (it is shutting down), buffers are hashed on the producing
 * thread.
 */
public final class PieceStream {

    private record Chunk(byte[] buffer, int length) {}

    private final int pieceLength;
    private final Executor executor;
    private final int buffers;
    private final BlockingQueue<byte[]> free;
    private final Queue<Chunk> handedOver = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final PieceDigest digest = PieceDigest.v1();
    private final ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    private int inPiece;
    private long bytes;
    private byte[] finished;
    private volatile RuntimeException failure;

    PieceStream(int pieceLength, Executor executor, int buffers, int bufferSize) {
        if (pieceLength < 1) {
            throw new IllegalArgumentException("piece length must be positive: " + pieceLength);
        }
        if (buffers < 2 || bufferSize < 1) {
            throw new IllegalArgumentException(
                    "need at least 2 buffers of a positive size: " + buffers + " x " + bufferSize);
        }
        this.pieceLength = pieceLength;
        this.executor = executor;
        this.buffers = buffers;
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            free.add(new byte[bufferSize]);
        }
    }

    public int pieceLength() {
        return pieceLength;
    }

    /** A buffer to fill; waits while every buffer is still being hashed. */
    public byte[] buffer() throws InterruptedIOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the stream's hashing");
        }
    }

    /** Gives back a buffer taken but not handed over. */
    public void giveBack(byte[] buffer) {
        free.add(buffer);
    }

    /** Hashes the first {@code length} bytes of a buffer from {@link #buffer()}, after those handed over before. */
    public void hash(byte[] buffer, int length) {
        if (finished != null) {
            throw new IllegalStateException("the stream is finished");
        }
        handedOver.add(new Chunk(buffer, length));
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                drain();
            }
        }
    }

    /**
     * Waits until everything handed over is hashed and gives the {@code pieces} string: the hash of every
     * piece, the last partial one included. Later calls give the same.
     */
    public byte[] finish() throws InterruptedIOException {
        if (finished == null) {
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
            if (inPiece > 0) {
                pieces.writeBytes(digest.v1Hash());
                inPiece = 0;
            }
            finished = pieces.toByteArray();
        }
        return finished.clone();
    }

    /** Bytes hashed; every byte handed over once {@link #finish()} has returned. */
    public long bytes() {
        return bytes;
    }

    /** Runs while chunks are waiting; the {@code draining} flag makes it one task at a time. */
    private void drain() {
        do {
            for (Chunk c = handedOver.poll(); c != null; c = handedOver.poll()) {
                if (failure == null) {
                    try {
                        update(c.buffer(), c.length());
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                free.add(c.buffer());
            }
            draining.set(false);
        } while (!handedOver.isEmpty() && draining.compareAndSet(false, true));
    }

    private void update(byte[] data, int length) {
        int off = 0;
        while (off < length) {
            int n = Math.min(length - off, pieceLength - inPiece);
            digest.update(data, off, n);
            inPiece += n;
            off += n;
            bytes += n;
            if (inPiece == pieceLength) {
                pieces.writeBytes(digest.v1Hash());
                digest.reset();
                inPiece = 0;
            }
        }
    }
}

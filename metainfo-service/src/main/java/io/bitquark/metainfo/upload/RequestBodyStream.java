package io.bitquark.metainfo.upload;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A request body as a blocking {@link InputStream} for a worker thread, with read-ahead: the event loop
 * may deliver up to {@value #WINDOW} chunks (of at most {@code quarkus.http.limits.max-chunk-size} each)
 * before the reader takes them, and the reader asks for more half a window at a time.
 *
 * <pre>
 * event loop:  chunk → queue (≤ WINDOW chunks ahead of the reader)
 * worker:      read() ← queue;  every WINDOW/2 chunks taken: fetch(WINDOW/2)
 * </pre>
 *
 * RESTEasy Reactive's own stream asks for one chunk at a time and waits for it, so every chunk costs a
 * hand-over from the worker to the event loop and back, and the socket goes unread while the worker
 * writes and the client waits. Memory stays bounded by the window. A body that stops arriving for
 * {@code timeout} closes the connection and fails the read.
 */
public final class RequestBodyStream extends InputStream {

    /** The most chunks requested ahead of the reader. */
    public static final int WINDOW = 32;

    private final HttpServerRequest request;
    private final long timeoutNanos;
    private final ArrayDeque<Buffer> arrived = new ArrayDeque<>();
    private boolean ended;
    private Throwable failure;
    private boolean waiting;
    /** The chunk being read, and how many were taken since the last fetch: the reader's alone. */
    private ByteBuf current;

    private int taken;
    private boolean finished;

    /** Takes over the body of {@code request}, which nothing else may have started to read. */
    public RequestBodyStream(HttpServerRequest request, Duration timeout) {
        this.request = request;
        this.timeoutNanos = timeout.toNanos();
        synchronized (this) {
            if (request.response().closed()) {
                failure = new ClosedChannelException();
            } else if (request.isEnded()) {
                ended = true;
            } else {
                request.pause();
                request.handler(this::arrived);
                request.endHandler(v -> ended());
                request.exceptionHandler(this::failed);
                if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                    request.response().writeContinue();
                }
                request.fetch(WINDOW);
            }
        }
    }

    private synchronized void arrived(Buffer chunk) {
        arrived.add(chunk);
        wake();
    }

    private synchronized void ended() {
        ended = true;
        wake();
    }

    /** A failure once the whole body has arrived (the client closing the connection) takes nothing away. */
    private synchronized void failed(Throwable cause) {
        if (!ended) {
            failure = cause;
            wake();
        }
    }

    private void wake() {
        if (waiting) {
            notifyAll();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        ByteBuf chunk = current();
        if (chunk == null) {
            return -1;
        }
        int n = Math.min(len, chunk.readableBytes());
        chunk.readBytes(b, off, n);
        if (!chunk.isReadable()) {
            chunk.release();
            current = null;
        }
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.readableBytes();
    }

    /** The chunk to read from, waiting for the next one if need be; null at the end of the body. */
    private ByteBuf current() throws IOException {
        while (current == null || !current.isReadable()) {
            if (finished) {
                return null;
            }
            Buffer next = next();
            if (next == null) {
                finished = true;
                return null;
            }
            if (++taken >= WINDOW / 2) {
                request.fetch(taken);
                taken = 0;
            }
            current = next.getByteBuf();
        }
        return current;
    }

    private synchronized Buffer next() throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (arrived.isEmpty() && !ended && failure == null) {
            if (Context.isOnEventLoopThread()) {
                throw new IOException("a blocking read of the request body on the event loop");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                request.connection().close();
                failure = new IOException(
                        "no body bytes for " + Duration.ofNanos(timeoutNanos).toSeconds() + " s");
                break;
            }
            waiting = true;
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the request body");
            } finally {
                waiting = false;
            }
        }
        if (failure != null) {
            throw failure instanceof IOException ? (IOException) failure : new IOException(failure);
        }
        return arrived.poll();
    }
}

package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireCodec;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * The accepted requests of one peer and the reads that answer them.
 *
 * <p>Requests wait in arrival order. Up to {@link #MAX_READS_IN_FLIGHT} blocks are read at once on worker
 * threads ({@link ServedTorrent#readBlock}), so disk latency overlaps with sending; finished blocks are written
 * in request order. A new read starts only while the socket's write queue is below its watermark, so a peer that
 * reads slowly holds at most the watermark plus the reads in flight, never an unbounded backlog: the connection
 * calls {@link #pump()} again from the socket's drain handler. Before each read the upload limits are charged
 * for the whole piece message; when a bucket is empty a Vert.x timer resumes the queue later, nothing sleeps.
 *
 * <p>Every method runs on the connection's event loop; read completions hop back onto it.
 */
final class BlockUploader {

    /** Blocks read for one peer at the same time: enough to keep the read threads and the socket busy. */
    static final int MAX_READS_IN_FLIGHT = 8;

    /** Where blocks go. */
    interface Sink {
        /** Whether the socket holds more than its watermark of unsent bytes. */
        boolean writeQueueFull();

        /** Writes the piece message answering {@code request}. */
        void send(PeerMessage.Request request, Buffer block);

        /** Reading the block for {@code request} failed (the piece is missing, withdrawn, or unreadable). */
        void readFailed(PeerMessage.Request request, Throwable failure);
    }

    private static final class Read {
        final PeerMessage.Request request;
        Buffer block;
        Throwable failure;
        boolean done;

        Read(PeerMessage.Request request) {
            this.request = request;
        }
    }

    private final ServedTorrent torrent;
    private final Context context;
    private final UploadThrottle throttle;
    private final Sink sink;
    private final ArrayDeque<PeerMessage.Request> queued = new ArrayDeque<>();
    private final ArrayDeque<Read> reading = new ArrayDeque<>();
    private long timerId = -1;
    private boolean closed;

    BlockUploader(ServedTorrent torrent, Context context, UploadThrottle throttle, Sink sink) {
        this.torrent = torrent;
        this.context = context;
        this.throttle = throttle;
        this.sink = sink;
    }

    /** Requests accepted and not yet answered: waiting, or being read. */
    int outstanding() {
        return queued.size() + reading.size();
    }

    /** Queues an accepted request and starts reading if it can. */
    void add(PeerMessage.Request request) {
        queued.addLast(request);
        pump();
    }

    /**
     * Removes a waiting request equal to {@code cancel}; a block already being read is still sent (BEP 6 lets
     * the answer to a cancel be the piece itself).
     *
     * @return whether a waiting request was removed
     */
    boolean cancel(PeerMessage.Cancel cancel) {
        for (Iterator<PeerMessage.Request> it = queued.iterator(); it.hasNext();) {
            PeerMessage.Request request = it.next();
            if (request.pieceIndex() == cancel.pieceIndex() && request.begin() == cancel.begin()
                    && request.length() == cancel.length()) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** Removes and returns the waiting requests whose piece {@code keep} refuses (on choke). */
    List<PeerMessage.Request> dropWaiting(IntPredicate keep) {
        List<PeerMessage.Request> dropped = new ArrayList<>();
        for (Iterator<PeerMessage.Request> it = queued.iterator(); it.hasNext();) {
            PeerMessage.Request request = it.next();
            if (!keep.test(request.pieceIndex())) {
                it.remove();
                dropped.add(request);
            }
        }
        return dropped;
    }

    /** Starts as many reads as the limits allow: reads in flight, the write watermark, the upload limits. */
    void pump() {
        if (closed || timerId != -1) {
            return;
        }
        while (!queued.isEmpty() && reading.size() < MAX_READS_IN_FLIGHT && !sink.writeQueueFull()) {
            long now = System.nanoTime();
            long delay = throttle.delayNanos(now);
            if (delay > 0) {
                long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(delay));
                timerId = context.owner().setTimer(millis, id -> {
                    timerId = -1;
                    pump();
                });
                return;
            }
            PeerMessage.Request request = queued.pollFirst();
            throttle.take(PeerWireCodec.PIECE_HEADER_SIZE + (long) request.length(), now);
            read(request);
        }
    }

    /** Stops everything: blocks still being read are dropped when they arrive. */
    void close() {
        closed = true;
        queued.clear();
        reading.clear();
        if (timerId != -1) {
            context.owner().cancelTimer(timerId);
            timerId = -1;
        }
    }

    private void read(PeerMessage.Request request) {
        Read read = new Read(request);
        reading.addLast(read);
        CompletionStage<Buffer> stage;
        try {
            stage = torrent.readBlock(request.pieceIndex(), request.begin(), request.length());
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((block, failure) -> context.runOnContext(v -> finished(read, block, failure)));
    }

    private void finished(Read read, Buffer block, Throwable failure) {
        if (closed) {
            return;
        }
        read.done = true;
        read.block = block;
        read.failure = failure;
        while (!reading.isEmpty() && reading.peekFirst().done) {
            Read head = reading.pollFirst();
            if (head.failure != null || head.block == null || head.block.length() != head.request.length()) {
                sink.readFailed(head.request, head.failure != null ? unwrap(head.failure)
                        : new IllegalStateException("read returned the wrong block length"));
            } else {
                sink.send(head.request, head.block);
            }
        }
        pump();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

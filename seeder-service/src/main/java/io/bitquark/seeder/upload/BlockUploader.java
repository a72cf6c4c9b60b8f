package io.bitquark.seeder.upload;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireCodec;
import io.bitquark.seeder.peer.ServedTorrent;
import io.bitquark.seeder.rate.Throttle;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
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
 * <p>Requests wait in arrival order. Up to {@link #MAX_READS_IN_FLIGHT} reads run at once on worker threads
 * ({@link ServedTorrent#readBlock}), so disk latency overlaps with sending; waiting requests for adjacent blocks
 * of one piece (what clients send) are read together, up to {@link #MAX_READ_LENGTH} bytes, so one worker task
 * and one hop back to the event loop serve several blocks. Finished blocks are written in request order. A new read starts only while the socket's write queue is below its watermark, so a peer that
 * reads slowly holds at most the watermark plus the reads in flight, never an unbounded backlog: the connection
 * calls {@link #pump()} again from the socket's drain handler. Before each read the upload limits are charged
 * for the whole piece message; when a bucket is empty a Vert.x timer resumes the queue later, nothing sleeps.
 *
 * <p>Every method runs on the connection's event loop; read completions hop back onto it.
 */
final class BlockUploader {

    /** Reads for one peer at the same time: enough to keep the read threads and the socket busy. */
    static final int MAX_READS_IN_FLIGHT = 4;
    /** The most bytes one read covers: waiting requests for adjacent blocks of one piece are read together. */
    static final int MAX_READ_LENGTH = 128 * 1024;

    /** Where blocks go. */
    interface Sink {
        /** Whether the socket holds more than its watermark of unsent bytes. */
        boolean writeQueueFull();

        /** Writes the piece message answering {@code request}; {@code block}'s reference is the sink's to release. */
        void send(PeerMessage.Request request, ByteBuf block);

        /** Reading the block for {@code request} failed (the piece is missing, withdrawn, or unreadable). */
        void readFailed(PeerMessage.Request request, Throwable failure);
    }

    /** One read: one request, or several for adjacent blocks of one piece, in order. */
    private static final class Read {
        final List<PeerMessage.Request> requests = new ArrayList<>(4);
        int length;
        ByteBuf data;
        Throwable failure;
        boolean done;

        Read(PeerMessage.Request first) {
            add(first);
        }

        void add(PeerMessage.Request request) {
            requests.add(request);
            length += request.length();
        }

        /** Whether {@code next} is the block right after this read's last one, in the same piece. */
        boolean continuedBy(PeerMessage.Request next) {
            PeerMessage.Request last = requests.get(requests.size() - 1);
            return next.pieceIndex() == last.pieceIndex()
                    && next.begin() == last.begin() + last.length()
                    && length + next.length() <= MAX_READ_LENGTH;
        }
    }

    private final ServedTorrent torrent;
    private final Context context;
    private final Throttle throttle;
    private final Sink sink;
    private final ArrayDeque<PeerMessage.Request> queued = new ArrayDeque<>();
    private final ArrayDeque<Read> reading = new ArrayDeque<>();
    private long timerId = -1;
    private boolean closed;

    BlockUploader(ServedTorrent torrent, Context context, Throttle throttle, Sink sink) {
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
        for (Iterator<PeerMessage.Request> it = queued.iterator(); it.hasNext(); ) {
            PeerMessage.Request request = it.next();
            if (request.pieceIndex() == cancel.pieceIndex()
                    && request.begin() == cancel.begin()
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
        for (Iterator<PeerMessage.Request> it = queued.iterator(); it.hasNext(); ) {
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
            Read read = new Read(queued.pollFirst());
            while (!queued.isEmpty() && read.continuedBy(queued.peekFirst())) {
                read.add(queued.pollFirst());
            }
            throttle.take((long) PeerWireCodec.PIECE_HEADER_SIZE * read.requests.size() + read.length, now);
            read(read);
        }
    }

    /** Stops everything: blocks still being read are dropped when they arrive. */
    void close() {
        closed = true;
        queued.clear();
        for (Read read : reading) {
            release(read);
        }
        reading.clear();
        if (timerId != -1) {
            context.owner().cancelTimer(timerId);
            timerId = -1;
        }
    }

    private void read(Read read) {
        reading.addLast(read);
        PeerMessage.Request first = read.requests.get(0);
        CompletionStage<ByteBuf> stage;
        try {
            stage = torrent.readBlock(first.pieceIndex(), first.begin(), read.length);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((block, failure) -> context.runOnContext(v -> finished(read, block, failure)));
    }

    private void finished(Read read, ByteBuf data, Throwable failure) {
        if (closed) {
            if (data != null) {
                data.release();
            }
            return;
        }
        read.done = true;
        read.data = data;
        read.failure = failure;
        while (!reading.isEmpty() && reading.peekFirst().done) {
            deliver(reading.pollFirst());
        }
        pump();
    }

    private void deliver(Read read) {
        Throwable failure = read.failure != null
                ? unwrap(read.failure)
                : read.data == null || read.data.readableBytes() != read.length
                        ? new IllegalStateException("the read returned the wrong length")
                        : null;
        int offset = 0;
        for (PeerMessage.Request request : read.requests) {
            if (failure != null) {
                sink.readFailed(request, failure);
            } else {
                sink.send(request, read.data.retainedSlice(read.data.readerIndex() + offset, request.length()));
            }
            offset += request.length();
        }
        release(read);
    }

    /** Drops this uploader's reference to a read's buffer (each block sent holds its own). */
    private static void release(Read read) {
        if (read.data != null) {
            read.data.release();
            read.data = null;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

package io.bitquark.seeder.download;

/**
 * How many block requests to keep outstanding at one peer (libtorrent's request queue sizing).
 *
 * <p>Enough requests must be in flight to cover the link's bandwidth-delay product: at 1 Gbit/s and 50 ms
 * of round trip, about 400 blocks. The depth is therefore sized from what the peer delivers:
 * {@value #QUEUE_SECONDS} seconds of its measured rate ({@code request_queue_time}), in blocks. Until a
 * rate is known it grows by slow start, one more request per block that arrives (so it doubles every round
 * trip), and slow start ends at the first second whose rate is not at least a tenth above the one before.
 *
 * <p>The depth stays between {@value #MIN_DEPTH} and the lesser of {@value #MAX_DEPTH} and the peer's own
 * limit, the {@code reqq} of its extended handshake (BEP 10), taken as {@value #DEFAULT_REQQ} when it sends
 * none. A snubbed peer, one that sent no block for the snub timeout while requests to it were outstanding,
 * gets a depth of 1 until a block arrives. Not thread-safe: one peer's depth is used on its event loop.
 */
public final class RequestDepth {

    /** Seconds of the peer's rate to keep requested ({@code request_queue_time}). */
    public static final int QUEUE_SECONDS = 3;
    /** The least depth of a peer that is not snubbed. */
    public static final int MIN_DEPTH = 2;
    /** The most requests outstanding at one peer, whatever its {@code reqq}. */
    public static final int MAX_DEPTH = 500;
    /** The {@code reqq} assumed of a peer that sends none (libtorrent's default). */
    public static final int DEFAULT_REQQ = 250;

    private int limit = Math.min(MAX_DEPTH, DEFAULT_REQQ);
    private int depth = MIN_DEPTH;
    private boolean slowStart = true;
    private boolean snubbed;
    private long bytesThisTick;
    private long lastRate = -1;
    private volatile long rate;

    /** The peer's {@code reqq} (0 or less: it sent none). */
    public void peerLimit(int reqq) {
        limit = Math.min(MAX_DEPTH, reqq > 0 ? reqq : DEFAULT_REQQ);
        depth = clamp(depth);
    }

    /** A block of {@code bytes} arrived from the peer. */
    public void received(int bytes) {
        bytesThisTick += bytes;
        snubbed = false;
        if (slowStart) {
            depth = clamp(depth + 1);
        }
    }

    /**
     * The peer's rate over the last tick, {@code elapsedNanos} long (about a second): ends slow start once
     * the rate stops growing, and sizes the depth from the rate after it.
     */
    public void tick(long elapsedNanos) {
        if (elapsedNanos <= 0) {
            return;
        }
        rate = bytesThisTick * 1_000_000_000L / elapsedNanos;
        bytesThisTick = 0;
        if (slowStart) {
            if (lastRate > 0 && rate * 10 <= lastRate * 11) {
                slowStart = false;
            }
            lastRate = rate;
        }
        if (!slowStart) {
            depth = clamp((int) Math.min(Integer.MAX_VALUE, rate * QUEUE_SECONDS / PiecePicker.BLOCK_LENGTH));
        }
    }

    /** The peer sent nothing for the snub timeout while requests were outstanding. */
    public void snub() {
        snubbed = true;
    }

    /** The peer's rate over the last tick, in bytes per second. */
    public long rate() {
        return rate;
    }

    public boolean snubbed() {
        return snubbed;
    }

    public boolean inSlowStart() {
        return slowStart;
    }

    /** How many requests should be outstanding at the peer now. */
    public int depth() {
        return snubbed ? 1 : depth;
    }

    private int clamp(int wanted) {
        return Math.max(MIN_DEPTH, Math.min(limit, wanted));
    }
}

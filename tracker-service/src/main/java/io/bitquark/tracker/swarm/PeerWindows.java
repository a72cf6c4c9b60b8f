package io.bitquark.tracker.swarm;

/**
 * The time windows that expire peers without scanning anything.
 *
 * <p>Time is cut into windows of half the peer timeout. A peer lives in the window of its last announce;
 * a re-announce moves it to the current window. Only the current window and the {@link #LIVE_WINDOWS}
 * − 1 before it are live, so a peer disappears between one and one and a half peer timeouts after its last
 * announce, and a whole window expires at once (in Redis, by the key's own expiry time). This is
 * Kraken's windowed design, with each peer kept in exactly one window so that counts are exact.
 */
public final class PeerWindows {

    /** How many windows are live at once: the current one and two before it. */
    public static final int LIVE_WINDOWS = 3;

    private final long peerTimeoutMillis;
    private final long windowMillis;

    public PeerWindows(long peerTimeoutMillis) {
        if (peerTimeoutMillis < 2) {
            throw new IllegalArgumentException("peer timeout must be at least 2 ms");
        }
        this.peerTimeoutMillis = peerTimeoutMillis;
        this.windowMillis = peerTimeoutMillis / (LIVE_WINDOWS - 1);
    }

    public long peerTimeoutMillis() {
        return peerTimeoutMillis;
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** The index of the window that {@code nowMillis} falls in. */
    public long current(long nowMillis) {
        return Math.floorDiv(nowMillis, windowMillis);
    }

    /** When a window's peers are no longer live: the start of the window {@link #LIVE_WINDOWS} after it. */
    public long expiresAtMillis(long window) {
        return (window + LIVE_WINDOWS) * windowMillis;
    }
}

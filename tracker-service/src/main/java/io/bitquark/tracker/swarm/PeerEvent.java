package io.bitquark.tracker.swarm;

import io.bitquark.protocol.tracker.AnnounceEvent;

/** What an announce says about the peer's life in the swarm (BEP 3 {@code event}). */
public enum PeerEvent {
    /** No event: a regular update at the interval. */
    UPDATE(0),
    STARTED(1),
    /** The download finished; counts towards {@code downloaded} once per peer. */
    COMPLETED(2),
    /** The peer leaves: it is removed at once. */
    STOPPED(3);

    private final int code;

    PeerEvent(int code) {
        this.code = code;
    }

    /**
     * What a wire event means for the swarm, over HTTP and UDP alike: {@code started}, {@code completed}
     * and {@code stopped} as they are; none, and BEP 21's {@code paused}, are an update.
     */
    public static PeerEvent of(AnnounceEvent event) {
        return switch (event) {
            case STARTED -> STARTED;
            case COMPLETED -> COMPLETED;
            case STOPPED -> STOPPED;
            default -> UPDATE;
        };
    }

    /** The small integer the Redis script receives. */
    public int code() {
        return code;
    }
}

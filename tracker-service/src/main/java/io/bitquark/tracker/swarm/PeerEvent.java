package io.bitquark.tracker.swarm;

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

    /** The small integer the Redis script receives. */
    public int code() {
        return code;
    }
}

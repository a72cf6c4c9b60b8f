package io.bitquark.protocol.tracker;

import java.util.Optional;

/**
 * The {@code event} of an announce (BEP 3), with its HTTP spelling and its UDP code (BEP 15).
 *
 * <pre>
 * event      HTTP value   UDP code
 * NONE       "" / absent  0        a regular update
 * COMPLETED  completed    1
 * STARTED    started      2
 * STOPPED    stopped      3
 * PAUSED     paused       4        BEP 21 partial seed; code 4 is libtorrent's de-facto UDP value
 * </pre>
 *
 * <p>A tracker may account {@link #PAUSED} as a regular update; it is kept distinct so that it can count
 * partial seeds (BEP 21 {@code downloaders}).
 */
public enum AnnounceEvent {
    NONE("", 0),
    COMPLETED("completed", 1),
    STARTED("started", 2),
    STOPPED("stopped", 3),
    PAUSED("paused", 4);

    private final String httpValue;
    private final int udpCode;

    AnnounceEvent(String httpValue, int udpCode) {
        this.httpValue = httpValue;
        this.udpCode = udpCode;
    }

    /** The value of the HTTP {@code event} parameter; empty for {@link #NONE}, which is sent by omission. */
    public String httpValue() {
        return httpValue;
    }

    /** The 32-bit event field of a BEP 15 announce request. */
    public int udpCode() {
        return udpCode;
    }

    /** The event named by an HTTP {@code event} value; the empty value is {@link #NONE}. */
    public static Optional<AnnounceEvent> fromHttpValue(String value) {
        for (AnnounceEvent e : values()) {
            if (e.httpValue.equals(value)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static Optional<AnnounceEvent> fromUdpCode(int code) {
        for (AnnounceEvent e : values()) {
            if (e.udpCode == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}

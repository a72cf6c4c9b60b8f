package io.bitquark.protocol.tracker.udp;

/** A UDP tracker packet (BEP 15, BEP 41) that cannot be decoded; {@link #kind()} says why. */
public final class UdpPacketException extends Exception {

    /** Why a packet was refused. */
    public enum Kind {
        /** Shorter than the smallest packet of its type. */
        TOO_SHORT,
        /** Longer than the largest packet of its type (see {@link UdpTrackerPackets} for the limits). */
        TOO_LONG,
        /** The action field is not one BEP 15 defines. */
        UNKNOWN_ACTION,
        /** A defined action, but not the one expected here (a response where a request was expected, ...). */
        UNEXPECTED_ACTION,
        /** A connect request without the magic protocol id {@code 0x41727101980}. */
        WRONG_PROTOCOL_ID,
        /** A variable part that is not a whole number of entries (peers, info-hashes, scrape entries). */
        BAD_LENGTH,
        /** A field with a value outside its range (an unknown event). */
        BAD_FIELD,
        /** A malformed BEP 41 option trailer. */
        BAD_OPTION
    }

    private final Kind kind;

    public UdpPacketException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

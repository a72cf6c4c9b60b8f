package io.bitquark.protocol.tracker.udp;

import java.util.Optional;

/** The 32-bit action field of a BEP 15 packet. */
public enum UdpAction {
    CONNECT(0),
    ANNOUNCE(1),
    SCRAPE(2),
    ERROR(3);

    private final int code;

    UdpAction(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<UdpAction> fromCode(int code) {
        for (UdpAction a : values()) {
            if (a.code == code) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

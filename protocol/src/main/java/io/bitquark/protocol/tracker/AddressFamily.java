package io.bitquark.protocol.tracker;

/** The address family of a peer, which fixes the size of its compact form (BEP 23, BEP 7). */
public enum AddressFamily {
    /** 4-byte address + 2-byte port: 6 bytes per compact peer. */
    IPV4(4),
    /** 16-byte address + 2-byte port: 18 bytes per compact peer. */
    IPV6(16);

    private final int addressLength;

    AddressFamily(int addressLength) {
        this.addressLength = addressLength;
    }

    public int addressLength() {
        return addressLength;
    }

    /** The size of one compact peer entry: address then big-endian port. */
    public int compactPeerLength() {
        return addressLength + 2;
    }
}

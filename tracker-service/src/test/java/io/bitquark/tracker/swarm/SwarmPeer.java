package io.bitquark.tracker.swarm;

import java.util.Arrays;

/**
 * A peer as a swarm store keeps it: its compact endpoint followed by its 20-byte peer id, stored as one
 * value so that the dictionary form of an announce response can name peers.
 *
 * <pre>
 * stored value:  &lt;4-byte IPv4 | 16-byte IPv6&gt;&lt;2-byte port, big-endian&gt;&lt;20-byte peer id&gt;   (26 or 38 bytes)
 * </pre>
 */
record SwarmPeer(byte[] endpoint, byte[] peerId) {

    public static final int PEER_ID_LENGTH = 20;

    public SwarmPeer {
        if (endpoint.length != 6 && endpoint.length != 18) {
            throw new IllegalArgumentException("endpoint must be 6 (IPv4) or 18 (IPv6) bytes");
        }
        if (peerId.length != PEER_ID_LENGTH) {
            throw new IllegalArgumentException("peer id must be 20 bytes");
        }
    }

    /** The stored form: endpoint then peer id. */
    public byte[] toValue() {
        byte[] value = Arrays.copyOf(endpoint, endpoint.length + PEER_ID_LENGTH);
        System.arraycopy(peerId, 0, value, endpoint.length, PEER_ID_LENGTH);
        return value;
    }

    /** Reads the stored form back. */
    public static SwarmPeer fromValue(byte[] value) {
        int split = value.length - PEER_ID_LENGTH;
        return new SwarmPeer(Arrays.copyOf(value, split), Arrays.copyOfRange(value, split, value.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwarmPeer p && Arrays.equals(endpoint, p.endpoint) && Arrays.equals(peerId, p.peerId);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(endpoint) + Arrays.hashCode(peerId);
    }
}

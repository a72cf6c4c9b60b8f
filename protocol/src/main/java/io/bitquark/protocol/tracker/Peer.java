package io.bitquark.protocol.tracker;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A peer as a tracker lists it: a raw IPv4 (4 bytes) or IPv6 (16 bytes) address, a port, and the 20-byte
 * peer id when it is known. Used by tracker responses on both sides, HTTP and UDP.
 *
 * <p>The raw bytes are the identity: an IPv4-mapped IPv6 address stays a 16-byte IPv6 peer (Java's
 * {@link InetAddress#getByAddress(byte[])} would silently turn it into an IPv4 address).
 */
public final class Peer {

    public static final int PEER_ID_LENGTH = 20;

    private final byte[] address;
    private final int port;
    private final byte[] peerId;

    private Peer(byte[] address, int port, byte[] peerId) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("a peer address has 4 or 16 bytes, not " + address.length);
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " outside 0..65535");
        }
        if (peerId != null && peerId.length != PEER_ID_LENGTH) {
            throw new IllegalArgumentException("a peer id has 20 bytes, not " + peerId.length);
        }
        this.address = address.clone();
        this.port = port;
        this.peerId = peerId == null ? null : peerId.clone();
    }

    /** A peer at a raw 4-byte (IPv4) or 16-byte (IPv6) address. */
    public static Peer of(byte[] rawAddress, int port) {
        return new Peer(rawAddress, port, null);
    }

    public static Peer of(InetAddress address, int port) {
        return new Peer(address.getAddress(), port, null);
    }

    /** This peer with a 20-byte peer id. */
    public Peer withPeerId(byte[] peerId) {
        return new Peer(address, port, peerId);
    }

    /** A copy of the raw address bytes (4 or 16). */
    public byte[] rawAddress() {
        return address.clone();
    }

    /** The address as an {@link InetAddress}; never resolved, a 16-byte address is always an {@link Inet6Address}. */
    public InetAddress address() {
        try {
            return address.length == 4
                    ? InetAddress.getByAddress(address)
                    : Inet6Address.getByAddress(null, address, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: the address length was validated", e);
        }
    }

    /** The address as text: dotted quad for IPv4, colon-separated hex for IPv6. */
    public String addressText() {
        InetAddress a = address();
        return a instanceof Inet4Address ? a.getHostAddress() : hostAddressWithoutScope(a);
    }

    private static String hostAddressWithoutScope(InetAddress a) {
        String text = a.getHostAddress();
        int percent = text.indexOf('%');
        return percent < 0 ? text : text.substring(0, percent);
    }

    public int port() {
        return port;
    }

    public AddressFamily family() {
        return address.length == 4 ? AddressFamily.IPV4 : AddressFamily.IPV6;
    }

    /** A copy of the peer id, when the tracker listed one. */
    public Optional<byte[]> peerId() {
        return peerId == null ? Optional.empty() : Optional.of(peerId.clone());
    }

    /** This peer without its peer id. */
    public Peer withoutPeerId() {
        return peerId == null ? this : new Peer(address, port, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Peer other
                && other.port == port
                && Arrays.equals(other.address, address)
                && Arrays.equals(other.peerId, peerId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(address) + port) + Arrays.hashCode(peerId);
    }

    @Override
    public String toString() {
        String host = address.length == 4 ? addressText() : "[" + addressText() + "]";
        return peerId == null
                ? host + ":" + port
                : host + ":" + port + " " + HexFormat.of().formatHex(peerId);
    }
}

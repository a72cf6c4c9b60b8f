package io.bitquark.protocol.magnet;

/**
 * A peer named in a magnet link's {@code x.pe} parameter (BEP 9): {@code host:port}, the host being a name,
 * an IPv4 literal or an IPv6 literal in brackets.
 *
 * <pre>
 * x.pe=203.0.113.5:6881    x.pe=peer.example.org:51413    x.pe=[2001:db8::1]:6881
 * </pre>
 *
 * <p>{@link #host()} holds IPv6 literals without their brackets.
 */
public record PeerAddress(String host, int port) {

    public PeerAddress {
        if (host.isEmpty()
                || host.indexOf('[') >= 0
                || host.indexOf(']') >= 0
                || host.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("invalid peer host '" + host + "'");
        }
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("peer port " + port + " outside 1..65535");
        }
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}. */
    public static PeerAddress parse(String text) throws MagnetException {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new MagnetException("bad x.pe '" + text + "': expected [ipv6]:port");
            }
            host = text.substring(1, close);
            if (host.indexOf(':') < 0) {
                throw new MagnetException("bad x.pe '" + text + "': brackets hold only IPv6 literals");
            }
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new MagnetException("bad x.pe '" + text + "': no port");
            }
            host = text.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw new MagnetException("bad x.pe '" + text + "': an IPv6 literal must be in brackets");
            }
            port = text.substring(colon + 1);
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MagnetException("bad x.pe '" + text + "': port is not a number");
        }
        int p = Integer.parseInt(port);
        try {
            return new PeerAddress(host, p);
        } catch (IllegalArgumentException e) {
            throw new MagnetException("bad x.pe '" + text + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}

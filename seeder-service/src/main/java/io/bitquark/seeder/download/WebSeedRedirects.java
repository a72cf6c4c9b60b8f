package io.bitquark.seeder.download;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which redirects a web seed may follow. A torrent names its web seeds, and a web seed names its redirects, so
 * neither may turn the seeder into a client of hosts its operator did not choose: a redirect stays on HTTP(S),
 * never goes from HTTPS down to HTTP, and never leads from a public host to a loopback, link-local, site-local
 * (private), unspecified or multicast address literal, nor to {@code localhost}. A web seed that is itself on such an address (a mirror in the
 * cluster, a test server on loopback) may redirect within them. Host names are not resolved here: a name that
 * resolves to a private address is not caught (the same limit as libtorrent's {@code ssrf_mitigation}, which also
 * checks URLs only).
 */
final class WebSeedRedirects {

    /** Redirects followed for one request; more are an error, as a loop is. */
    static final int MAX_REDIRECTS = 5;

    private WebSeedRedirects() {}

    /** Why the redirect from {@code from} to {@code to} is not followed, or null when it may be. */
    static String refusal(URI from, URI to) {
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "redirected to a " + (scheme.isEmpty() ? "relative" : scheme) + " URL: only HTTP(S) is followed";
        }
        if ("https".equalsIgnoreCase(from.getScheme()) && scheme.equals("http")) {
            return "redirected from HTTPS to HTTP";
        }
        if (to.getHost() == null) {
            return "redirected to a URL without a host";
        }
        if (local(to.getHost()) && !local(from.getHost())) {
            return "redirected from a public host to a local address";
        }
        return null;
    }

    /** Whether {@code host} is {@code localhost}, or an address literal of this machine or of a private network. */
    static boolean local(String host) {
        if (host == null) {
            return false;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String name = literal.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true; // RFC 6761: always loopback
        }
        if (!literal.contains(":") && !literal.matches("[0-9.]+")) {
            return false; // another name: not resolved here
        }
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: parsed, no lookup
            return address.isLoopbackAddress()
                    || address.isLinkLocalAddress()
                    || address.isSiteLocalAddress()
                    || address.isAnyLocalAddress()
                    || address.isMulticastAddress()
                    || uniqueLocal(address.getAddress());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** IPv6 unique local addresses, fc00::/7: Java's isSiteLocalAddress covers only the old fec0::/10. */
    private static boolean uniqueLocal(byte[] address) {
        return address.length == 16 && (address[0] & 0xfe) == 0xfc;
    }
}

package io.bitquark.tracker.http;

import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.tracker.announce.PeerAddresses;
import io.bitquark.tracker.config.HttpConfig;
import io.bitquark.tracker.config.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which address an HTTP announce is from. The connection's address, unless it is a trusted proxy
 * that sent {@code X-Forwarded-For} (then the right-most untrusted address in that header); then the
 * announce's {@code ip}/{@code ipv4}/{@code ipv6} when the override policy allows it. Only IP literals are
 * accepted from clients: no name is ever looked up.
 */
@ApplicationScoped
public class PeerAddressResolver {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.%a-zA-Z]+");

    private final Set<InetAddress> trustedProxies = new HashSet<>();
    private final HttpConfig.IpOverride override;

    public PeerAddressResolver(TrackerConfig config) {
        for (String proxy : config.http().trustedProxies().orElse(List.of())) {
            literal(proxy.trim()).ifPresent(trustedProxies::add);
        }
        this.override = config.http().ipOverride();
    }

    /**
     * The address an announce came from: the connection's, or, from a trusted proxy, the right-most
     * untrusted address of its {@code X-Forwarded-For}. This is the peer's identity (with its peer id).
     */
    public InetAddress source(String remoteHost, String forwardedFor) {
        InetAddress client = literal(remoteHost)
                .orElseThrow(() -> new IllegalStateException("remote address is not an IP: " + remoteHost));
        if (forwardedFor != null && trustedProxies.contains(client)) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                Optional<InetAddress> hop = literal(hops[i].trim());
                if (hop.isEmpty()) {
                    break;
                }
                client = hop.get();
                if (!trustedProxies.contains(client)) {
                    break;
                }
            }
        }
        return client;
    }

    /**
     * The address other peers are given for this announce: its {@code ip}/{@code ipv4}/{@code ipv6} when the
     * override policy allows it for this {@code client}, otherwise the client's own.
     */
    public InetAddress announced(InetAddress client, AnnounceRequest request) {
        if (mayOverride(client)) {
            boolean v4 = PeerAddresses.isV4(client);
            Optional<InetAddress> announced = (v4 ? request.ipv4() : request.ipv6())
                    .flatMap(PeerAddressResolver::literal)
                    .or(() -> request.ip().flatMap(PeerAddressResolver::literal));
            if (announced.isPresent()) {
                return announced.get();
            }
        }
        return client;
    }

    /** Whether a client at this address may announce another IP ({@code http.ip-override}). */
    public boolean mayOverride(InetAddress client) {
        return override == HttpConfig.IpOverride.ALWAYS
                || (override == HttpConfig.IpOverride.LOCAL && PeerAddresses.isLocal(client));
    }

    /** Parses an IPv4 or IPv6 literal (brackets allowed); anything else, names included, is empty. */
    static Optional<InetAddress> literal(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v6 = s.indexOf(':') >= 0;
        boolean v4 = !v6 && IPV4.matcher(s).matches();
        if (!v4 && !(v6 && IPV6.matcher(s).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}

package io.bitquark.tracker.config;

import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The HTTP announce and scrape front end ({@code bitquark.tracker.http.*}). */
public interface HttpConfig {

    /**
     * The longest announce or scrape query string accepted, in bytes. Longer ones get a bencoded failure.
     * Vert.x's own request-line limit is raised above this so that our failure, not a bare 414, answers.
     */
    @WithDefault("4096")
    int maxQueryLength();

    /**
     * Proxies (exact IP addresses) whose {@code X-Forwarded-For} header is believed, e.g. the Kubernetes
     * ingress. The right-most address not itself a trusted proxy is the peer's IP.
     */
    Optional<List<String>> trustedProxies();

    /**
     * Whether the {@code ip}, {@code ipv4} and {@code ipv6} parameters are honoured. As bttrack's
     * {@code only_local_override_ip}, {@code local} honours them only from private and loopback addresses.
     */
    @WithDefault("local")
    IpOverride ipOverride();

    /** When announce parameters may override the peer's address. */
    enum IpOverride {
        /** Never: the connection's address is the peer's address. */
        NEVER,
        /** Only for requests from private, link-local or loopback addresses. */
        LOCAL,
        /** Always. */
        ALWAYS
    }
}

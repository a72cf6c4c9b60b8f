package io.bitquark.tracker.stats;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Keeps {@code /q/metrics} bounded: no series per client.
 *
 * <p>The UDP tracker itself runs on Netty below Vert.x, so no binder sees its datagrams (its announces are
 * counted by {@code bitquark_tracker_announces_total}). But Quarkus's Vert.x binder tags the bytes of every
 * Vert.x UDP datagram with the sender's address and port
 * ({@code udp_bytes_read{remote_address="203.0.113.7:51413"}}), one series per client endpoint: a million
 * UDP clients would make millions of series. Quarkus 3.33 has no switch for these meters alone
 * ({@code quarkus.micrometer.binder.vertx.enabled=false} also removes the HTTP server and worker-pool
 * metrics), so this filter removes per-client tags from every meter before it is registered. The UDP
 * summaries stay, one per socket ({@code address} is the socket's own). Micrometer keeps the meter of the
 * first id that maps to a stripped id and answers the others from it, so the registry does not grow with
 * clients either.
 *
 * <p>HTTP meters carry the route template, never the request path (see {@code
 * quarkus.micrometer.binder.http-server.match-patterns} in {@code application.properties}).
 */
@Singleton
public class BoundedMetrics {

    /**
     * Tag keys whose values name a client: Vert.x's, and the OpenTelemetry semantic-convention ones that
     * observation-based binders use.
     */
    static final List<String> PER_CLIENT_TAGS = List.of(
            "remote-address",
            "remote_address",
            "remote.address",
            "remote",
            "client.address",
            "client.port",
            "network.peer.address",
            "network.peer.port");

    @Produces
    @Singleton
    MeterFilter withoutPerClientTags() {
        return MeterFilter.ignoreTags(PER_CLIENT_TAGS.toArray(String[]::new));
    }
}

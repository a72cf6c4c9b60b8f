package io.bitquark.seeder.announce;

import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpAnnounceResponse;
import io.bitquark.protocol.tracker.udp.UdpConnectRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectResponse;
import io.bitquark.protocol.tracker.udp.UdpErrorResponse;
import io.bitquark.protocol.tracker.udp.UdpTrackerResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Announces to UDP trackers (BEP 15), with the URL's path and query sent as BEP 41 URLData:
 *
 * <pre>
 * udp://tracker.example:6969/announce?pk=1
 *   -&gt; connect request (protocol id, action 0, transaction)     &lt;- connect response (connection id)
 *      (skipped while the tracker's connection id is under a minute old, see {@link UdpConnectionIds})
 *   -&gt; announce request (connection id, action 1, ..., URLData "/announce?pk=1")
 *                                                             &lt;- announce response | error response
 * </pre>
 *
 * <p>An announce response becomes an {@link AnnounceResponse} (interval, seeders as {@code complete},
 * leechers as {@code incomplete}, peers); an error response is the tracker's refusal, a
 * {@link TrackerFailure}, and drops the cached connection id in case it had expired at the tracker.
 */
final class UdpTrackerClient implements AutoCloseable {

    private final UdpExchanges exchanges;
    private final UdpConnectionIds connectionIds;

    UdpTrackerClient(Vertx vertx, Duration timeout, Duration retransmitBase, LongSupplier nanoTime) {
        this.exchanges = new UdpExchanges(vertx, timeout, retransmitBase);
        this.connectionIds = new UdpConnectionIds(nanoTime);
    }

    Uni<AnnounceResult> announce(String announceUrl, AnnounceParams params, AnnounceEvent event) {
        Endpoint tracker;
        try {
            tracker = Endpoint.parse(announceUrl);
        } catch (AnnounceException e) {
            return Uni.createFrom().failure(e);
        }
        return connectionIds
                .get(tracker.key(), () -> connect(tracker))
                .chain(id -> exchanges.exchange(tracker.host(), tracker.port(), transaction -> params.udpRequest(
                                id, transaction, event, tracker.urlData())
                        .encode()))
                .chain(response -> announced(tracker, response));
    }

    private Uni<Long> connect(Endpoint tracker) {
        return exchanges
                .exchange(tracker.host(), tracker.port(), transaction -> new UdpConnectRequest(transaction).encode())
                .chain(response -> response instanceof UdpConnectResponse connected
                        ? Uni.createFrom().item(connected.connectionId())
                        : Uni.createFrom().failure(unexpected(response, "connect")));
    }

    private Uni<AnnounceResult> announced(Endpoint tracker, UdpTrackerResponse response) {
        if (response instanceof UdpAnnounceResponse a) {
            return Uni.createFrom()
                    .item(AnnounceResponse.builder(Math.max(0, a.interval()))
                            .complete(Math.max(0, a.seeders()))
                            .incomplete(Math.max(0, a.leechers()))
                            .peers(a.peers())
                            .build());
        }
        if (response instanceof UdpErrorResponse error) {
            connectionIds.forget(tracker.key());
            return Uni.createFrom().item(TrackerFailure.of(error.message()));
        }
        return Uni.createFrom().failure(unexpected(response, "announce"));
    }

    private static AnnounceException unexpected(UdpTrackerResponse response, String request) {
        if (response instanceof UdpErrorResponse error) {
            return new AnnounceException("tracker refused the " + request + ": " + error.message());
        }
        return new AnnounceException("a " + response.action() + " response to a " + request + " request");
    }

    @Override
    public void close() {
        exchanges.close();
    }

    /** A UDP tracker URL: host (IPv6 without brackets), port, and the path and query sent as BEP 41 URLData. */
    private record Endpoint(String host, int port, byte[] urlData) {

        static Endpoint parse(String url) throws AnnounceException {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new AnnounceException("not a UDP tracker URL: " + e.getMessage(), e);
            }
            String host = uri.getHost();
            if (host == null || uri.getPort() < 1) {
                throw new AnnounceException("a UDP tracker URL needs a host and a port");
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            byte[] urlData = pathAndQuery.getBytes(StandardCharsets.UTF_8);
            if (urlData.length > UdpAnnounceRequest.MAX_URL_DATA_LENGTH) {
                throw new AnnounceException(
                        "URL path and query longer than " + UdpAnnounceRequest.MAX_URL_DATA_LENGTH + " bytes");
            }
            return new Endpoint(host, uri.getPort(), urlData);
        }

        /** The connection-id cache key: one id per tracker address. */
        String key() {
            return host + ":" + port;
        }
    }
}

package io.bitquark.seeder.announce;

import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One announce to one tracker, HTTP(S) (BEP 3) or UDP (BEP 15) by the URL's scheme, without blocking.
 * One instance serves the whole process: it holds the HTTP connection pool, the UDP sockets and the UDP
 * connection ids.
 *
 * <p>The result is what the tracker said: an {@link AnnounceResponse}, or a {@link TrackerFailure} for a
 * {@code failure reason} (or a BEP 15 error packet). No answer in time, an unreachable tracker, an answer
 * that is not a tracker response or an unsupported scheme fail the {@link Uni} with an
 * {@link AnnounceException}.
 */
public final class TrackerClient implements AutoCloseable {

    private final HttpTrackerClient http;
    private final UdpTrackerClient udp;

    /** A client whose every exchange (an HTTP request, a UDP connect, a UDP announce) is bounded by {@code timeout}. */
    public TrackerClient(Vertx vertx, Duration timeout) {
        this(vertx, timeout, UdpExchanges.BEP15_RETRANSMIT, System::nanoTime);
    }

    /** For tests: a shorter UDP retransmission base than BEP 15's 15 s, and the clock of connection-id ages. */
    TrackerClient(Vertx vertx, Duration timeout, Duration udpRetransmitBase, LongSupplier nanoTime) {
        this.http = new HttpTrackerClient(vertx, timeout);
        this.udp = new UdpTrackerClient(vertx, timeout, udpRetransmitBase, nanoTime);
    }

    public Uni<AnnounceResult> announce(String url, AnnounceParams params, AnnounceEvent event) {
        String scheme = url.toLowerCase(Locale.ROOT);
        if (scheme.startsWith("http://") || scheme.startsWith("https://")) {
            return http.announce(url, params, event);
        }
        if (scheme.startsWith("udp://")) {
            return udp.announce(url, params, event);
        }
        return Uni.createFrom().failure(new AnnounceException("unsupported tracker URL scheme: " + url));
    }

    @Override
    public void close() {
        http.close();
        udp.close();
    }
}

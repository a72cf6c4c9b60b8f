package io.bitquark.seeder.metrics;

import io.bitquark.seeder.peer.DisconnectReason;
import io.bitquark.seeder.peer.PeerWireListener;
import io.bitquark.seeder.peer.RejectReason;
import io.bitquark.seeder.peer.ServedTorrent;
import io.bitquark.seeder.torrent.ManagedTorrent;
import io.bitquark.seeder.torrent.TorrentState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.net.SocketAddress;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The seeder's Prometheus metrics ({@code /q/metrics}):
 *
 * <pre>
 * bitquark_seeder_uploaded_bytes_total             piece bytes sent to peers
 * bitquark_seeder_upload_rate_bytes                bytes per second sent, over the last seconds
 * bitquark_seeder_peers                            open peer connections
 * bitquark_seeder_torrents{state}                  torrents by state
 * bitquark_seeder_checks_total{result}             hash checks finished: full, resumed (fast resume), failed
 * bitquark_seeder_pieces_withdrawn_total           pieces withdrawn because their data changed on disk
 * bitquark_seeder_peers_disconnected_total{reason} peers disconnected, by reason (offences and ordinary ends)
 * bitquark_seeder_requests_rejected_total{reason}  requests refused (BEP 6 reject) or dropped, by reason
 * bitquark_seeder_hash_requests_total{answer}      BEP 52 hash requests answered: hashes, reject
 * </pre>
 *
 * It listens to the peer wire, so its counters move on the event loop without locks.
 */
public final class SeederMetrics implements PeerWireListener {

    private final MeterRegistry registry;
    private final Map<DisconnectReason, Counter> disconnects = new EnumMap<>(DisconnectReason.class);
    private final Map<RejectReason, Counter> rejects = new EnumMap<>(RejectReason.class);
    private final Counter hashesServed;
    private final Counter hashesRejected;

    /**
     * Micrometer holds a gauge's object only weakly: kept here (and the peer gauge built with a strong
     * reference), so that a method reference held nowhere else is not collected, which would leave the series
     * at NaN.
     */
    private final Supplier<Collection<ManagedTorrent>> torrents;

    public SeederMetrics(MeterRegistry registry, Supplier<Collection<ManagedTorrent>> torrents) {
        this.registry = registry;
        this.torrents = torrents;
        FunctionCounter.builder("bitquark.seeder.uploaded.bytes", torrents, ts -> ts.get().stream()
                        .mapToLong(ManagedTorrent::uploaded)
                        .sum())
                .description("Piece bytes sent to peers")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("bitquark.seeder.upload.rate", torrents, ts -> ts.get().stream()
                        .mapToLong(ManagedTorrent::uploadRate)
                        .sum())
                .description("Bytes per second sent to peers over the last seconds")
                .baseUnit("bytes")
                .register(registry);
        for (TorrentState state : TorrentState.values()) {
            Gauge.builder("bitquark.seeder.torrents", torrents, ts -> ts.get().stream()
                            .filter(t -> t.state() == state)
                            .count())
                    .description("Torrents by state")
                    .tag("state", state.json())
                    .register(registry);
        }
        for (DisconnectReason reason : DisconnectReason.values()) {
            disconnects.put(
                    reason,
                    Counter.builder("bitquark.seeder.peers.disconnected")
                            .tag("reason", reason.tag())
                            .tag("offence", String.valueOf(reason.offence()))
                            .description("Peers disconnected, by reason")
                            .register(registry));
        }
        for (RejectReason reason : RejectReason.values()) {
            rejects.put(
                    reason,
                    Counter.builder("bitquark.seeder.requests.rejected")
                            .tag("reason", reason.tag())
                            .description("Block requests refused or dropped, by reason")
                            .register(registry));
        }
        hashesServed = hashRequests("hashes");
        hashesRejected = hashRequests("reject");
    }

    private Counter hashRequests(String answer) {
        return Counter.builder("bitquark.seeder.hash.requests")
                .tag("answer", answer)
                .description("BEP 52 hash requests answered, with hashes or a hash reject")
                .register(registry);
    }

    /** Reports the open peer connections, as the peer wire counts them. */
    public void peerConnections(IntSupplier connections) {
        Gauge.builder("bitquark.seeder.peers", connections, IntSupplier::getAsInt)
                .description("Open peer connections")
                .strongReference(true)
                .register(registry);
    }

    /** Counts a finished hash check: {@code full}, {@code resumed} (fast resume trusted) or {@code failed}. */
    public void checkFinished(String result) {
        registry.counter("bitquark.seeder.checks", "result", result).increment();
    }

    /** Counts a piece withdrawn because its data changed on disk. */
    public void pieceWithdrawn() {
        registry.counter("bitquark.seeder.pieces.withdrawn").increment();
    }

    /**
     * Removes every {@code bitquark.seeder.*} meter from the registry, when the seeder stops. The registry
     * can outlive the pool: Quarkus's is Micrometer's global registry, which keeps its meters when an
     * application stops outside dev mode, so an application started later in the same JVM (test classes
     * with other test resources or profiles) would get this pool's gauges back from {@code register}, still
     * reading this pool's torrents.
     */
    public void remove() {
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith("bitquark.seeder.")) {
                registry.remove(meter);
            }
        }
    }

    @Override
    public void peerDisconnected(ServedTorrent torrent, SocketAddress peer, DisconnectReason reason) {
        disconnects.get(reason).increment();
    }

    @Override
    public void requestRejected(ServedTorrent torrent, SocketAddress peer, RejectReason reason) {
        rejects.get(reason).increment();
    }

    @Override
    public void hashRequestAnswered(ServedTorrent torrent, SocketAddress peer, boolean served) {
        (served ? hashesServed : hashesRejected).increment();
    }
}

package io.bitquark.tracker.stats;

import io.bitquark.tracker.swarm.SwarmStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The swarm and peer gauges ({@code bitquark_tracker_swarms}, {@code bitquark_tracker_peers}), refreshed
 * every {@link #REFRESH_MILLIS} ms from the store's index and per-window peer counters: no swarm is scanned.
 */
@ApplicationScoped
public class SwarmGauges {

    static final long REFRESH_MILLIS = 15_000;

    private final AtomicLong swarms = new AtomicLong();
    private final AtomicLong peers = new AtomicLong();

    void start(@Observes StartupEvent event, SwarmStore store, MeterRegistry registry, Vertx vertx) {
        Gauge.builder("bitquark.tracker.swarms", swarms, AtomicLong::get)
                .description("swarms with activity within the peer timeout")
                .register(registry);
        Gauge.builder("bitquark.tracker.peers", peers, AtomicLong::get)
                .description("live peers in all swarms")
                .register(registry);
        Runnable refresh = () -> {
            store.swarms(0, 1).subscribe().with(page -> swarms.set(page.total()), failure -> {});
            store.livePeers().subscribe().with(peers::set, failure -> {});
        };
        refresh.run();
        vertx.setPeriodic(REFRESH_MILLIS, id -> refresh.run());
    }
}

package io.bitquark.seeder.pool;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The {@code bitquark_seeder_pool_*} Prometheus series of a member, from what its last round read (a scrape never
 * asks Redis). Labelled by state only, never by member or address:
 *
 * <pre>
 * bitquark_seeder_pool_store_up                 1 while the pool's Redis answers
 * bitquark_seeder_pool_settled                  1 once the store has answered for a member timeout
 * bitquark_seeder_pool_members{state}           live | gone (in their grace)
 * bitquark_seeder_pool_torrents{state}          placed | replicating | degraded | unavailable
 * bitquark_seeder_pool_local_copies             this member's pool copies
 * </pre>
 */
final class PoolMetrics {

    private PoolMetrics() {}

    static void register(MeterRegistry registry, PoolCoordinator coordinator) {
        gauge(
                registry,
                "bitquark.seeder.pool.store.up",
                "1 while the pool's store answers",
                coordinator,
                c -> c.status().storeUp() ? 1 : 0);
        gauge(
                registry,
                "bitquark.seeder.pool.settled",
                "1 once the store has answered for a member timeout",
                coordinator,
                c -> c.status().settled() ? 1 : 0);
        gauge(
                registry,
                "bitquark.seeder.pool.local.copies",
                "this member's copies of pool torrents",
                coordinator,
                c -> c.status().copies());
        for (String state : new String[] {"live", "gone"}) {
            Gauge.builder("bitquark.seeder.pool.members", coordinator, c -> c.lastRead()
                            .map(p -> (double) p.listed().stream()
                                    .filter(b -> p.live(b) == state.equals("live"))
                                    .count())
                            .orElse(0.0))
                    .description("pool members heard within the timeout and the grace, by state")
                    .tag("state", state)
                    .register(registry);
        }
        for (PoolSnapshot.TorrentState state : PoolSnapshot.TorrentState.values()) {
            Gauge.builder("bitquark.seeder.pool.torrents", coordinator, c -> c.lastRead()
                            .map(p -> (double) p.torrents().stream()
                                    .filter(t -> p.state(t) == state)
                                    .count())
                            .orElse(0.0))
                    .description("pool torrents by state")
                    .tag("state", state.json())
                    .register(registry);
        }
    }

    private static void gauge(
            MeterRegistry registry,
            String name,
            String description,
            PoolCoordinator coordinator,
            ToDoubleFunction<PoolCoordinator> value) {
        Gauge.builder(name, coordinator, value).description(description).register(registry);
    }
}

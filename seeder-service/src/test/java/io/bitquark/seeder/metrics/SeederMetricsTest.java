package io.bitquark.seeder.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.seeder.torrent.ManagedTorrent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SeederMetricsTest {

    @Test
    void torrentGaugesStillReadTheSeedPoolAfterTheSupplierIsOnlyHeldByTheRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<ManagedTorrent> added = new ArrayList<>();
        Supplier<Collection<ManagedTorrent>> torrents = () -> added; // a new object, as session::torrents is
        WeakReference<Supplier<Collection<ManagedTorrent>>> supplier = new WeakReference<>(torrents);
        SeederMetrics metrics = new SeederMetrics(registry, torrents); // held, as the seeder lifecycle holds it
        torrents = null;

        collectGarbageUntilCleared(new WeakReference<>(new Object()));

        assertThat(supplier.get()).as("the supplier the meters read").isNotNull();
        assertThat(registry.get("bitquark.seeder.torrents")
                        .tag("state", "seeding")
                        .gauge()
                        .value())
                .isZero();
        assertThat(registry.get("bitquark.seeder.upload.rate").gauge().value()).isZero();
        assertThat(registry.get("bitquark.seeder.uploaded.bytes")
                        .functionCounter()
                        .count())
                .isZero();
        Reference.reachabilityFence(metrics);
    }

    /** Runs the collector until an object nobody holds is gone, so that weakly held meter state would be too. */
    private static void collectGarbageUntilCleared(WeakReference<Object> unreachable) {
        for (int i = 0; i < 50 && unreachable.get() != null; i++) {
            System.gc();
        }
        assertThat(unreachable.get()).as("a full collection ran").isNull();
    }
}

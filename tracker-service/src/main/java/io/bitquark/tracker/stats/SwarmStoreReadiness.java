package io.bitquark.tracker.stats;

import io.bitquark.tracker.swarm.SwarmStore;
import io.bitquark.tracker.swarm.SwarmStoreProducer;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: DOWN while the swarm store (Redis, when used) does not answer. */
@Readiness
@ApplicationScoped
public class SwarmStoreReadiness implements AsyncHealthCheck {

    private final SwarmStore store;
    private final SwarmStoreProducer stores;

    public SwarmStoreReadiness(SwarmStore store, SwarmStoreProducer stores) {
        this.store = store;
        this.stores = stores;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String name = stores.usesRedis() ? "swarm store (redis)" : "swarm store (memory)";
        return store.ping().map(up -> HealthCheckResponse.named(name).status(up).build());
    }
}

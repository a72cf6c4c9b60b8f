package io.bitquark.seeder.health;

import io.bitquark.seeder.pool.PoolCoordinator;
import io.bitquark.seeder.pool.PoolService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: the seed pool's state, as data. Always up: a member whose Redis is unavailable still serves
 * its peers and keeps seeding what it has, so it stays in its Service; the data says whether the store answers,
 * whether the pool has settled since it last came back, and why not.
 */
@Readiness
@ApplicationScoped
public class PoolReadiness implements HealthCheck {

    private final PoolService pool;

    public PoolReadiness(PoolService pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("pool").up().withData("member", pool.enabled());
        Optional<PoolCoordinator> coordinator = pool.coordinator();
        if (coordinator.isPresent()) {
            PoolCoordinator.Status s = coordinator.get().status();
            b.withData("memberId", coordinator.get().self().id())
                    .withData("address", coordinator.get().self().address())
                    .withData("storeUp", s.storeUp())
                    .withData("settled", s.settled())
                    .withData("copies", s.copies());
            if (s.problem() != null) {
                b.withData("problem", s.problem());
            }
        }
        return b.build();
    }
}

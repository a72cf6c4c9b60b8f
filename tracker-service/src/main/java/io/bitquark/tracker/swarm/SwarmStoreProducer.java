package io.bitquark.tracker.swarm;

import io.bitquark.tracker.allowlist.AllowlistStore;
import io.bitquark.tracker.allowlist.InMemoryAllowlistStore;
import io.bitquark.tracker.allowlist.RedisAllowlistStore;
import io.bitquark.tracker.config.TrackerConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Chooses the swarm store: {@code bitquark.tracker.store=auto} means Redis exactly when
 * {@code quarkus.redis.hosts} is set, otherwise memory. The allowlist lives in the same place.
 */
@Singleton
public class SwarmStoreProducer {

    private static final Logger LOG = Logger.getLogger(SwarmStoreProducer.class);

    private final boolean redis;
    private final boolean clustered;

    SwarmStoreProducer(TrackerConfig config, Config mp) {
        Optional<String> hosts = mp.getOptionalValue("quarkus.redis.hosts", String.class);
        this.redis = switch (config.store()) {
            case MEMORY -> false;
            case REDIS -> true;
            case AUTO -> hosts.isPresent() && !hosts.get().isBlank();
        };
        this.clustered = "cluster"
                .equalsIgnoreCase(mp.getOptionalValue("quarkus.redis.client-type", String.class)
                        .orElse("standalone"));
    }

    /** Whether swarms live in Redis. */
    public boolean usesRedis() {
        return redis;
    }

    @Produces
    @Singleton
    SwarmStore swarmStore(TrackerConfig config, Instance<Redis> client, Vertx vertx, RedisOptionsCapture options) {
        PeerWindows windows =
                new PeerWindows(config.announce().effectivePeerTimeout().toMillis());
        if (redis) {
            LOG.infof(
                    "Swarm store: Redis%s, peers expire after %s",
                    clustered ? " Cluster" : "", config.announce().effectivePeerTimeout());
            Redis pooled = client.get();
            RedisSwarmStore store = new RedisSwarmStore(
                    pooled,
                    new LoopConnections(
                            vertx.getDelegate(), options.get(), config.redis().timeout()),
                    windows,
                    clustered,
                    config.redis().timeout(),
                    System::currentTimeMillis);
            store.warmUp()
                    .subscribe()
                    .with(
                            ok -> LOG.debug("Redis scripts loaded"),
                            failure -> LOG.warnf(
                                    "Redis is not reachable yet (%s); announces fail softly until it is",
                                    failure.getMessage()));
            return store;
        }
        LOG.infof(
                "Swarm store: in memory (single node), peers expire after %s",
                config.announce().effectivePeerTimeout());
        return new InMemorySwarmStore(windows, System::currentTimeMillis);
    }

    void close(@Disposes SwarmStore store) {
        if (store instanceof RedisSwarmStore redisStore) {
            redisStore.close();
        }
    }

    @Produces
    @Singleton
    AllowlistStore allowlistStore(Instance<Redis> client) {
        return redis ? new RedisAllowlistStore(client.get()) : new InMemoryAllowlistStore();
    }
}

package io.bitquark.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.testsupport.RedisClusterProcess;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The swarm-store contract against a real three-master Redis Cluster started by the test. */
class RedisClusterSwarmStoreTest extends SwarmStoreContract {

    static RedisClusterProcess cluster;
    static Vertx vertx;
    static Redis redis;
    static RedisOptions options;
    static Context[] loops;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcess.start();
        vertx = Vertx.vertx();
        options = new RedisOptions()
                .setType(RedisClientType.CLUSTER)
                .setMaxPoolSize(6)
                .setMaxPoolWaiting(1024);
        for (String uri : cluster.uris()) {
            options.addConnectionString(uri);
        }
        redis = Redis.createClient(vertx, options);
        loops = RedisSwarmStoreTest.twoEventLoops(vertx);
    }

    @AfterAll
    static void stopCluster() {
        redis.close();
        vertx.closeAndAwait();
        cluster.close();
    }

    @Override
    SwarmStore newStore(PeerWindows windows, LongSupplier clock) {
        cluster.flushAll();
        Duration timeout = Duration.ofSeconds(5);
        return new OnEventLoops(
                new RedisSwarmStore(
                        redis,
                        new LoopConnections(vertx.getDelegate(), options, timeout),
                        windows,
                        true,
                        timeout,
                        clock),
                loops);
    }

    @Test
    void swarmsSpreadOverSeveralSlots() {
        Set<Integer> slots = new HashSet<>();
        for (int s = 1; s <= 12; s++) {
            slots.add(SwarmKeys.slot(hash(s)));
        }
        assertThat(slots).hasSizeGreaterThan(6);
    }
}

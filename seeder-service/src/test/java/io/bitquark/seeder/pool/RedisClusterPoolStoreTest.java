package io.bitquark.seeder.pool;

import io.bitquark.testsupport.RedisClusterProcess;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The pool-store contract on a real three-master Redis Cluster: every script's keys share the pool's hash
 * tag, so none fails with CROSSSLOT.
 */
class RedisClusterPoolStoreTest extends PoolStoreContract {

    static RedisClusterProcess cluster;
    static Vertx vertx;
    static Redis redis;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcess.start();
        vertx = Vertx.vertx();
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
        cluster.uris().forEach(options::addConnectionString);
        redis = Redis.createClient(vertx, options);
    }

    @AfterAll
    static void stopCluster() {
        redis.close();
        vertx.closeAndAwait();
        cluster.close();
    }

    @Override
    PoolStore newStore(int maxTorrentBytes) {
        cluster.flushAll();
        return new RedisPoolStore(redis, maxTorrentBytes, Duration.ofSeconds(5));
    }

    @Override
    void letTimePass(Duration time) {
        RedisTime.letPass(redis, time);
    }
}

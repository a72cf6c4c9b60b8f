package io.bitquark.seeder.pool;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * Redis {@code TIME} of the node that holds the pool's keys (read by a script on one of them, so that a
 * Cluster client asks that node), and waiting for it to move on.
 */
final class RedisTime {

    private RedisTime() {}

    /** Now on the pool's Redis node, in milliseconds since the epoch. */
    static long now(Redis redis) {
        Response t = redis.send(Request.cmd(Command.EVAL)
                        .arg("return redis.call('TIME')")
                        .arg(1)
                        .arg(RedisPoolStore.MEMBERS))
                .await()
                .atMost(PoolStoreContract.WAIT);
        return t.get(0).toLong() * 1000 + t.get(1).toLong() / 1000;
    }

    /** Returns once at least {@code time} has passed by the pool's Redis node's clock. */
    static void letPass(Redis redis, Duration time) {
        long until = now(redis) + time.toMillis();
        Awaitility.await()
                .atMost(time.plus(PoolStoreContract.WAIT))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> now(redis) >= until);
    }
}

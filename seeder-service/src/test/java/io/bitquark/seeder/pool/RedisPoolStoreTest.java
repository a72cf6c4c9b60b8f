package io.bitquark.seeder.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.seeder.pool.PoolException.Kind;
import io.bitquark.testsupport.FreePorts;
import io.bitquark.testsupport.RedisServerProcess;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pool-store contract against a real standalone redis-server, plus what only Redis can show. */
class RedisPoolStoreTest extends PoolStoreContract {

    static RedisServerProcess server;
    static Vertx vertx;
    static Redis redis;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.startOnFreePort();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        vertx.closeAndAwait();
        server.close();
    }

    @Override
    PoolStore newStore(int maxTorrentBytes) {
        server.command("FLUSHALL");
        return new RedisPoolStore(redis, maxTorrentBytes, Duration.ofSeconds(5));
    }

    @Override
    void letTimePass(Duration time) {
        RedisTime.letPass(redis, time);
    }

    @Test
    void aBeatIsStampedWithRedisTime() {
        long before = RedisTime.now(redis);
        long at = beat(member(A, ADDRESS_1), LONG);
        long after = RedisTime.now(redis);

        assertThat(at).isBetween(before, after);
        Response score = await(redis.send(
                Request.cmd(Command.ZSCORE).arg(RedisPoolStore.MEMBERS).arg(A)));
        assertThat((long) Double.parseDouble(score.toString())).isEqualTo(at);
    }

    @Test
    void twoReplicasOnOneRedisShareThePool() {
        PoolStore replicaB = new RedisPoolStore(redis, MAX_TORRENT, Duration.ofSeconds(5));
        beat(member(A, ADDRESS_1), LONG);
        await(store.addTorrent(hash(1), torrentFile(1, 100), 2, 1_000));
        await(store.reportCopy(A, hash(1), CopyState.seeding()));
        await(store.drain(A));

        assertThat(await(replicaB.liveMembers(LONG)))
                .extracting(b -> b.member().id())
                .containsExactly(A);
        assertThat(await(replicaB.torrents())).extracting(PoolTorrent::infoHash).containsExactly(hash(1));
        assertThat(await(replicaB.copies(hash(1)))).containsOnlyKeys(A);
        assertThat(await(replicaB.drained())).containsExactly(A);
        assertThatThrownBy(() -> await(replicaB.beat(member(A, ADDRESS_2), LONG)))
                .isInstanceOf(PoolException.class)
                .hasMessageContaining("already beating from " + ADDRESS_1);
    }

    @Test
    void everyKeyCarriesThePoolsHashTag() {
        beat(member(A, ADDRESS_1), LONG);
        await(store.addTorrent(hash(1), torrentFile(1, 100), 2, 1_000));
        await(store.reportCopy(A, hash(1), CopyState.fetching(0.5)));
        await(store.drain(A));

        List<String> keys = new ArrayList<>();
        await(redis.send(Request.cmd(Command.KEYS).arg("*"))).forEach(k -> keys.add(k.toString()));

        assertThat(keys).hasSize(6).allSatisfy(k -> assertThat(k).startsWith("bq:{bitquark-pool}:"));
    }

    @Test
    void scriptsFlushedFromRedisAreSentAgain() {
        beat(member(A, ADDRESS_1), LONG);
        assertThat(server.command("SCRIPT FLUSH")).isEqualTo("OK");

        beat(member(B, ADDRESS_2), LONG);

        assertThat(liveIds(LONG)).containsExactly(A, B);
    }

    @Test
    void anUnreachableRedisFailsCallsAsUnavailable() {
        Redis nowhere = Redis.createClient(
                vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + FreePorts.tcp()));
        try {
            PoolStore unreachable = new RedisPoolStore(nowhere, MAX_TORRENT, Duration.ofSeconds(5));

            assertRefused(() -> await(unreachable.beat(member(A, ADDRESS_1), LONG)), Kind.UNAVAILABLE);
            assertRefused(() -> await(unreachable.drained()), Kind.UNAVAILABLE);
        } finally {
            nowhere.close();
        }
    }
}

package io.bitquark.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.testsupport.RedisServerProcess;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The swarm-store contract against a real standalone redis-server, plus what only Redis can show. */
class RedisSwarmStoreTest extends SwarmStoreContract {

    static RedisServerProcess server;
    static Vertx vertx;
    static Redis redis;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.startOnFreePort();
        vertx = Vertx.vertx();
        redis = Redis.createClient(
                vertx,
                new RedisOptions()
                        .setConnectionString(server.uri())
                        .setMaxPoolSize(4)
                        .setMaxPoolWaiting(1024));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        vertx.closeAndAwait();
        server.close();
    }

    @Override
    SwarmStore newStore(PeerWindows windows, LongSupplier clock) {
        server.command("FLUSHALL");
        return new RedisSwarmStore(redis, windows, false, Duration.ofSeconds(5), clock);
    }

    @Test
    void twoStoresOnOneRedisSeeTheSameSwarm() {
        SwarmStore replicaB = new RedisSwarmStore(redis, windows, false, Duration.ofSeconds(5), clock::get);
        announce(swarm, 1, true, PeerEvent.STARTED, 0);
        AnnounceResult fromB = Announces.one(replicaB, new PeerAnnounce(swarm, peer(2), false, PeerEvent.STARTED, 50));
        assertThat(fromB.peers()).singleElement().isEqualTo(peer(1));
        assertThat(fromB.complete()).isEqualTo(1);
        assertThat(fromB.incomplete()).isEqualTo(1);
    }

    @Test
    void replicasShareOneIdentityKeySoAPeerIsOnePeerOnEveryReplica() {
        SwarmStore replicaB = new RedisSwarmStore(redis, windows, false, Duration.ofSeconds(5), clock::get);
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        assertThat(Announces.one(replicaB, new PeerAnnounce(swarm, peer(1), false, PeerEvent.UPDATE, 0))
                        .incomplete())
                .isEqualTo(1);
        assertThat(Announces.one(replicaB, new PeerAnnounce(swarm, peer(1), false, PeerEvent.STOPPED, 0))
                        .incomplete())
                .isZero();
    }

    @Test
    void windowKeysExpireInRedisByThemselves() {
        PeerWindows shortWindows = new PeerWindows(400);
        SwarmStore shortLived =
                new RedisSwarmStore(redis, shortWindows, false, Duration.ofSeconds(5), System::currentTimeMillis);
        Announces.one(shortLived, new PeerAnnounce(swarm, peer(1), false, PeerEvent.STARTED, 0));
        assertThat(keysOfSwarm()).isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(shortLived
                            .scrape(List.of(swarm))
                            .await()
                            .atMost(WAIT)
                            .get(0)
                            .incomplete())
                    .isZero();
            assertThat(keysOfSwarm()).isZero();
        });
    }

    @Test
    void aFlushedScriptCacheIsReloadedTransparently() {
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        assertThat(server.command("SCRIPT FLUSH")).isEqualTo("OK");
        assertThat(announce(swarm, 2, false, PeerEvent.STARTED, 50).peers()).hasSize(1);
    }

    @Test
    void aStoppedRedisFailsFastWithStorageUnavailableAndRecovers() {
        SwarmStore bounded = new RedisSwarmStore(redis, windows, false, Duration.ofMillis(1000), clock::get);
        server.stop();
        try {
            assertThat(bounded.ping().await().atMost(WAIT)).isFalse();
            assertThatThrownBy(
                            () -> Announces.one(bounded, new PeerAnnounce(swarm, peer(1), false, PeerEvent.STARTED, 0)))
                    .isInstanceOf(SwarmStoreUnavailableException.class)
                    .hasMessage("tracker storage unavailable");
        } finally {
            server.start();
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(
                        bounded.ping().await().atMost(WAIT))
                .isTrue());
        assertThat(Announces.one(bounded, new PeerAnnounce(swarm, peer(1), false, PeerEvent.STARTED, 0))
                        .incomplete())
                .isEqualTo(1);
    }

    private long keysOfSwarm() {
        String reply = server.command("EVAL \"return #redis.call('KEYS', ARGV[1])\" 0 "
                + SwarmKeys.tag(swarm).replace("{", "\\{").replace("}", "\\}") + "*");
        return Long.parseLong(reply);
    }
}

package io.bitquark.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.testsupport.RedisServerProcess;
import io.vertx.core.Context;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    static RedisOptions options;
    static Context[] loops;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.startOnFreePort();
        vertx = Vertx.vertx();
        options = new RedisOptions()
                .setConnectionString(server.uri())
                .setMaxPoolSize(4)
                .setMaxPoolWaiting(1024);
        redis = Redis.createClient(vertx, options);
        loops = twoEventLoops(vertx);
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
        return store(windows, Duration.ofSeconds(5), clock);
    }

    /** Contexts on two distinct event loops of {@code vertx}. */
    static Context[] twoEventLoops(Vertx vertx) {
        VertxInternal internal = (VertxInternal) vertx.getDelegate();
        return new Context[] {internal.createEventLoopContext(), internal.createEventLoopContext()};
    }

    /** A replica's store, announcing from two event loops in turn. */
    static SwarmStore store(PeerWindows windows, Duration timeout, LongSupplier clock) {
        return new OnEventLoops(
                new RedisSwarmStore(
                        redis,
                        new LoopConnections(vertx.getDelegate(), options, timeout),
                        windows,
                        false,
                        timeout,
                        clock),
                loops);
    }

    @Test
    void twoStoresOnOneRedisSeeTheSameSwarm() {
        SwarmStore replicaB = store(windows, Duration.ofSeconds(5), clock::get);
        announce(swarm, 1, true, PeerEvent.STARTED, 0);
        AnnounceResult fromB = Announces.one(replicaB, new PeerAnnounce(swarm, peer(2), false, PeerEvent.STARTED, 50));
        assertThat(fromB.peers()).singleElement().isEqualTo(peer(1));
        assertThat(fromB.complete()).isEqualTo(1);
        assertThat(fromB.incomplete()).isEqualTo(1);
    }

    @Test
    void replicasShareOneIdentityKeySoAPeerIsOnePeerOnEveryReplica() {
        SwarmStore replicaB = store(windows, Duration.ofSeconds(5), clock::get);
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
        SwarmStore shortLived = store(shortWindows, Duration.ofSeconds(5), System::currentTimeMillis);
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
        SwarmStore bounded = store(windows, Duration.ofMillis(1000), clock::get);
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

    @Test
    void theCountersHashAgreesWithTheWindowHashesAfterMovesStopsAndCompletions() {
        for (int p = 1; p <= 40; p++) {
            announce(swarm, p, p % 4 == 0, PeerEvent.STARTED, 5);
        }
        clock.addAndGet(windows.windowMillis());
        for (int p = 1; p <= 20; p++) {
            boolean completes = p % 3 == 0 && p % 4 != 0;
            announce(swarm, p, p % 4 == 0 || completes, completes ? PeerEvent.COMPLETED : PeerEvent.UPDATE, 5);
        }
        for (int p = 41; p <= 60; p++) {
            announce(swarm, p, false, PeerEvent.STARTED, 5);
        }
        for (int p = 21; p <= 25; p++) {
            announce(swarm, p, p % 4 == 0, PeerEvent.STOPPED, 0);
        }
        clock.addAndGet(windows.windowMillis());
        for (int p = 41; p <= 50; p++) {
            announce(swarm, p, p % 2 == 0, PeerEvent.UPDATE, 5);
        }
        announce(swarm, 30, false, PeerEvent.STOPPED, 0);
        announce(swarm, 1, false, PeerEvent.STOPPED, 0);

        assertThat(countersDisagreeingWithHashes()).isEmpty();
        SwarmCounts counts = scrape(swarm);
        assertThat(counts.complete() + counts.incomplete()).isEqualTo(60 - 5 - 2);
        assertThat(counts.complete()).isEqualTo(hashSizes("S"));
        assertThat(counts.incomplete()).isEqualTo(hashSizes("L"));
    }

    @Test
    void anAnnounceCostsAFewRedisCallsAndNoBlindDeletes() {
        for (int p = 1; p <= 30; p++) {
            announce(swarm, p, p % 5 == 0, PeerEvent.STARTED, 0);
        }
        clock.addAndGet(windows.windowMillis());
        announce(swarm, 1, false, PeerEvent.UPDATE, 0); // the window's first peer opens its hash

        assertThat(callsOf(() -> announce(swarm, 2, false, PeerEvent.UPDATE, 0)))
                .as("from the previous window: HMGET, HSET, one HDEL, HSET of the counters")
                .isEqualTo(4);
        assertThat(callsOf(() -> announce(swarm, 2, false, PeerEvent.UPDATE, 0)))
                .as("again in the same window: HMGET, HSET")
                .isEqualTo(2);
        assertThat(callsOf(() -> announce(swarm, 2, false, PeerEvent.STOPPED, 0)))
                .as("stopped in the current window: HMGET, HDEL, HSET of the counters")
                .isEqualTo(3);
        assertThat(callsOf(() -> announce(swarm, 100, false, PeerEvent.STARTED, 0)))
                .as("a new peer: HMGET, HSET, an HDEL on each other non-empty hash (L and S of the previous window),"
                        + " HSET of the counters")
                .isEqualTo(5);
        assertThat(callsOf(() -> announce(swarm, 3, false, PeerEvent.UPDATE, 50)))
                .as("with peers wanted: plus one HRANDFIELD per non-empty hash")
                .isEqualTo(4 + 3);
    }

    @Test
    void countersOfWindowsNoLongerLiveAreDroppedAndTheCountersExpireWithTheNewestWindow() {
        announce(swarm, 1, true, PeerEvent.COMPLETED, 0);
        for (int w = 1; w <= 4; w++) {
            clock.addAndGet(windows.windowMillis());
            announce(swarm, 1 + w, false, PeerEvent.STARTED, 0);
        }
        long current = windows.current(clock.get());
        String fields =
                server.command("EVAL \"return table.concat(redis.call('HKEYS', KEYS[1]), ',')\" 1 " + countersKey());
        assertThat(Set.of(fields.split(",")))
                .isSubsetOf(
                        "D",
                        "S" + current,
                        "L" + current,
                        "S" + (current - 1),
                        "L" + (current - 1),
                        "S" + (current - 2),
                        "L" + (current - 2))
                .contains("D", "L" + current);
        assertThat(Long.parseLong(server.command("PEXPIRETIME " + countersKey())))
                .isEqualTo(windows.expiresAtMillis(current));
        assertThat(scrape(swarm)).isEqualTo(new SwarmCounts(swarm, 0, 3, 1));
    }

    @Test
    void aPeersFieldIsTheLastSixBytesOfItsIdentityUnderTheKeyKeptInRedis() {
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        byte[] key = HexFormat.of().parseHex(hexOf("redis.call('GET', KEYS[1])", SwarmKeys.IDENTITY_KEY));
        assertThat(key).hasSize(16);
        AnnounceBatch batch = new AnnounceBatch(1);
        int i = batch.add();
        System.arraycopy(peer(1).peerId(), 0, batch.who(), AnnounceBatch.whoOffset(i), 20);
        batch.source(i, source(1), 0, 4);
        long identity = new PeerIdentity(key).of(batch, i);
        String leechers = SwarmKeys.tag(swarm) + "L" + windows.current(clock.get());
        assertThat(hexOf("redis.call('HKEYS', KEYS[1])[1]", leechers))
                .isEqualTo(String.format("%012x", identity & 0xffff_ffff_ffffL));
    }

    /** A Lua expression's string value over {@code key}, in hex (the inline protocol carries no binary). */
    private String hexOf(String expression, String key) {
        return server.command("EVAL \"return ((" + expression + "):gsub('.', function(c)"
                + " return string.format('%02x', string.byte(c)) end))\" 1 " + key);
    }

    private String countersKey() {
        return SwarmKeys.tag(swarm) + "C";
    }

    /** The live windows' counter fields that differ from the size of their hash (none, by the invariant). */
    private String countersDisagreeingWithHashes() {
        StringBuilder fields = new StringBuilder();
        for (byte[] f : Arrays.copyOf(SwarmKeys.suffixes(windows.current(clock.get())), SwarmKeys.COUNTERS)) {
            fields.append(' ').append(new String(f, StandardCharsets.US_ASCII));
        }
        return server.command("EVAL \"local out = {} for _, f in ipairs(ARGV) do"
                + " local n = tonumber(redis.call('HGET', KEYS[1], f) or '0')"
                + " if n ~= redis.call('HLEN', string.sub(KEYS[1], 1, -2) .. f) then out[#out + 1] = f end"
                + " end return table.concat(out, ',')\" 1 " + countersKey() + fields);
    }

    /** The sum of HLEN over the live window hashes of one role ("S" or "L"). */
    private long hashSizes(String role) {
        long current = windows.current(clock.get());
        long sum = 0;
        for (int age = 0; age < PeerWindows.LIVE_WINDOWS; age++) {
            sum += Long.parseLong(server.command("HLEN " + SwarmKeys.tag(swarm) + role + (current - age)));
        }
        return sum;
    }

    @Test
    void announcesInFlightTogetherOnOneEventLoopArePipelinedOnOneConnectionAndAnsweredOnThatLoop() throws Exception {
        RedisSwarmStore replica = new RedisSwarmStore(
                redis,
                new LoopConnections(vertx.getDelegate(), options, Duration.ofSeconds(5)),
                windows,
                false,
                Duration.ofSeconds(5),
                clock::get);
        try {
            Announces.one(replica, new PeerAnnounce(swarm, peer(1), false, PeerEvent.STARTED, 0)); // from no loop
            long probe = statsField("total_connections_received");
            long ofOneProbe = statsField("total_connections_received") - probe; // each probe is a connection
            long connectionsBefore = statsField("total_connections_received");

            int announces = 100; // far more than the pooled client's 4 connections could carry at once
            AnnounceBatch[] batches = new AnnounceBatch[announces];
            Set<Thread> answeredOn = ConcurrentHashMap.newKeySet();
            Thread[] loop = new Thread[1];
            CountDownLatch answered = new CountDownLatch(announces);
            loops[0].runOnContext(v -> {
                loop[0] = Thread.currentThread();
                for (int p = 0; p < announces; p++) { // all sent before any answer can be read on this loop
                    batches[p] = Announces.batch(
                            List.of(new PeerAnnounce(swarm, peer(10 + p), false, PeerEvent.STARTED, 5)));
                    replica.announce(batches[p], () -> {
                        answeredOn.add(Thread.currentThread());
                        answered.countDown();
                    });
                }
            });
            assertThat(answered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(statsField("total_connections_received") - connectionsBefore - ofOneProbe)
                    .as("connections opened for 100 announces in flight together")
                    .isEqualTo(1);
            assertThat(answeredOn).containsExactly(loop[0]);
            for (AnnounceBatch batch : batches) {
                assertThat(batch.outcome(0)).isEqualTo(AnnounceBatch.Outcome.ANSWERED);
            }
            assertThat(scrape(swarm).incomplete()).isEqualTo(1 + announces);
        } finally {
            replica.close();
        }
    }

    @Test
    void aConnectionIdleForLongerThanTheStallBoundIsNotTakenForAStalledOne() throws Exception {
        Duration stall = Duration.ofMillis(300);
        RedisSwarmStore replica = new RedisSwarmStore(
                redis, new LoopConnections(vertx.getDelegate(), options, stall), windows, false, WAIT, clock::get);
        try {
            AnnounceBatch first =
                    Announces.batch(List.of(new PeerAnnounce(swarm, peer(1), false, PeerEvent.STARTED, 0)));
            CountDownLatch opened = new CountDownLatch(1);
            loops[0].runOnContext(v -> replica.announce(first, opened::countDown));
            assertThat(opened.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            long probe = statsField("total_connections_received");
            long ofOneProbe = statsField("total_connections_received") - probe; // each probe is a connection
            long connectionsBefore = statsField("total_connections_received");

            Thread.sleep(stall.toMillis() * 2); // the loop's connection idles: nothing is waiting on it

            AnnounceBatch[] batches = new AnnounceBatch[2];
            CountDownLatch answered = new CountDownLatch(batches.length);
            loops[0].runOnContext(v -> {
                for (int p = 0; p < batches.length; p++) { // the second is sent while the first waits
                    batches[p] = Announces.batch(
                            List.of(new PeerAnnounce(swarm, peer(20 + p), false, PeerEvent.STARTED, 5)));
                    replica.announce(batches[p], answered::countDown);
                }
            });
            assertThat(answered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            for (AnnounceBatch batch : batches) {
                assertThat(batch.outcome(0)).isEqualTo(AnnounceBatch.Outcome.ANSWERED);
            }
            assertThat(statsField("total_connections_received") - connectionsBefore - ofOneProbe)
                    .as("connections opened after the idle spell")
                    .isZero();
        } finally {
            replica.close();
        }
    }

    @Test
    void anEventLoopWhoseConnectionRedisClosedOpensANewOne() {
        announce(swarm, 1, false, PeerEvent.STARTED, 0);
        assertThat(server.command("CLIENT KILL TYPE normal SKIPME yes")).isNotNull();
        Awaitility.await()
                .atMost(WAIT)
                .ignoreException(SwarmStoreUnavailableException.class)
                .untilAsserted(() -> assertThat(
                                announce(swarm, 2, false, PeerEvent.STARTED, 50).peers())
                        .containsExactly(peer(1)));
    }

    private static long statsField(String name) {
        for (String line : server.command("INFO stats").split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + name + " in INFO stats");
    }

    /** How many commands the store had Redis run for one announce (inside the script; the EVALSHA not counted). */
    private long callsOf(Runnable announce) {
        assertThat(server.command("CONFIG RESETSTAT")).isEqualTo("OK");
        announce.run();
        long calls = 0;
        for (String line : server.command("INFO commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_")
                    && !line.matches("cmdstat_(evalsha|eval|info|config|command|zadd|script|ping)[:|].*")) {
                int at = line.indexOf("calls=") + "calls=".length();
                calls += Long.parseLong(line.substring(at, line.indexOf(',', at)));
            }
        }
        return calls;
    }

    private long keysOfSwarm() {
        String reply = server.command("EVAL \"return #redis.call('KEYS', ARGV[1])\" 0 "
                + SwarmKeys.tag(swarm).replace("{", "\\{").replace("}", "\\}") + "*");
        return Long.parseLong(reply);
    }
}

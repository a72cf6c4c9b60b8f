package io.bitquark.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.ScrapeStats;
import io.bitquark.testsupport.RedisServerProcess;
import io.bitquark.tracker.TrackerClient;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With a 1 s announce interval and a 2 s peer timeout, a peer that stops announcing leaves its swarm (it
 * is dropped between one and one and a half timeouts after its last announce), while a peer that keeps
 * announcing every half interval stays, on either swarm store.
 */
@Tag("interop")
class PeerExpiryIT {

    static final byte[] SWARM = TrackerClient.bytes20("expiry", 1);
    static final int SILENT_SEEDER = 1;
    static final int ACTIVE_LEECHER = 2;

    static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.startOnFreePort();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @ParameterizedTest(name = "{0} store")
    @ValueSource(strings = {"memory", "redis"})
    void aSilentPeerExpiresWhileAPeerThatKeepsAnnouncingStays(String store) {
        TrackerProcess.Options options = TrackerProcess.named("expiry-" + store)
                .property("bitquark.tracker.announce.interval", "1s")
                .property("bitquark.tracker.announce.min-interval", "1s")
                .property("bitquark.tracker.announce.peer-timeout", "2s");
        if (store.equals("redis")) {
            redis.command("FLUSHALL");
            options.redis(redis);
        } else {
            options.memory();
        }
        ScheduledExecutorService announcer = Executors.newSingleThreadScheduledExecutor();
        try (TrackerProcess tracker = options.start()) {
            TrackerClient client = tracker.client();
            client.started(SWARM, SILENT_SEEDER, 0);
            AnnounceResponse first = client.started(SWARM, ACTIVE_LEECHER, 100);
            assertThat(first.interval()).isEqualTo(1);
            assertThat(first.peers()).extracting(Peer::port).containsExactly(10000 + SILENT_SEEDER);

            AtomicReference<AnnounceResponse> latest = new AtomicReference<>(first);
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            announcer.scheduleWithFixedDelay(
                    () -> {
                        try {
                            latest.set(client.announceOk(TrackerClient.request(SWARM, ACTIVE_LEECHER, 100)
                                    .build()));
                        } catch (RuntimeException | AssertionError e) {
                            failures.add(e);
                        }
                    },
                    500,
                    500,
                    TimeUnit.MILLISECONDS);

            Awaitility.await("the silent seeder expires")
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        assertThat(tracker.scrape(SWARM)).isEqualTo(ScrapeStats.of(SWARM, 0, 0, 1));
                        assertThat(latest.get().peers()).isEmpty();
                        assertThat(latest.get().complete()).hasValue(0);
                    });
            Awaitility.await("the active leecher stays beyond another timeout")
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> tracker.scrape(SWARM).incomplete() == 1);

            announcer.shutdownNow();
            assertThat(failures).isEmpty();
        } finally {
            announcer.shutdownNow();
        }
    }
}

package io.bitquark.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.TrackerUrls;
import io.bitquark.protocol.tracker.udp.UdpAnnounceResponse;
import io.bitquark.protocol.tracker.udp.UdpScrapeRequest;
import io.bitquark.testsupport.RedisServerProcess;
import io.bitquark.tracker.TrackerClient;
import io.bitquark.tracker.announce.AnnounceService;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a Redis-backed tracker does while Redis is gone or hangs: every announce and scrape is answered
 * promptly with the failure reason "tracker storage unavailable" (HTTP) or a BEP 15 error packet (UDP),
 * readiness goes DOWN, and once Redis is back the same tracker process serves again. Every tracker answer
 * is awaited at most {@link TrackerProcess#ANSWER_BOUND}, well above the configured 1 s Redis timeout.
 */
@Tag("interop")
class RedisOutageIT {

    static final AtomicInteger SWARMS = new AtomicInteger();
    static final Duration RECOVERY = Duration.ofSeconds(30);

    static RedisServerProcess redis;
    static TrackerProcess tracker;

    @BeforeAll
    static void start() {
        redis = RedisServerProcess.startOnFreePort();
        try {
            tracker = TrackerProcess.named("outage")
                    .redis(redis)
                    .property("bitquark.tracker.redis.timeout", "1s")
                    .start();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (tracker != null) {
            tracker.close();
        }
        redis.close();
    }

    @Test
    void whileRedisIsStoppedAnnouncesAndScrapesFailAndReadinessIsDownUntilItIsBack() {
        byte[] swarm = TrackerClient.bytes20("outage-stop", SWARMS.incrementAndGet());
        long pid = tracker.pid();
        try (UdpTrackerClient udp = UdpTrackerClient.patient(tracker.udpPort())) {
            tracker.client().started(swarm, 1, 0);
            long connectionId = udp.connect();

            redis.stop();
            try {
                assertThat(httpAnnounce(swarm, 2)).isEqualTo(TrackerFailure.of(AnnounceService.STORAGE_UNAVAILABLE));
                assertThat(tracker.scrapeResult(swarm))
                        .isEqualTo(TrackerFailure.of(AnnounceService.STORAGE_UNAVAILABLE));
                assertThat(UdpTrackerClient.errorMessage(udp.announce(
                                connectionId,
                                swarm,
                                TrackerClient.bytes20("-UDP000-", 3),
                                7003,
                                100,
                                AnnounceEvent.STARTED)))
                        .isEqualTo(AnnounceService.STORAGE_UNAVAILABLE);
                assertThat(UdpTrackerClient.errorMessage(
                                udp.exchange(new UdpScrapeRequest(connectionId, 42, List.of(swarm)))))
                        .isEqualTo(AnnounceService.STORAGE_UNAVAILABLE);
                HttpResponse<byte[]> readiness = tracker.get("/q/health/ready");
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(new String(readiness.body(), StandardCharsets.UTF_8)).contains("\"DOWN\"");
            } finally {
                redis.start();
            }

            Awaitility.await()
                    .atMost(RECOVERY)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(tracker.readiness()).isEqualTo(200));
            assertThat(httpAnnounce(swarm, 2))
                    .isInstanceOfSatisfying(AnnounceResponse.class, r -> assertThat(r.incomplete())
                            .hasValue(1));
            assertThat(udp.announce(
                            connectionId,
                            swarm,
                            TrackerClient.bytes20("-UDP000-", 3),
                            7003,
                            100,
                            AnnounceEvent.STARTED))
                    .isInstanceOfSatisfying(UdpAnnounceResponse.class, r -> assertThat(r.leechers())
                            .isEqualTo(2));
            assertThat(tracker.scrape(swarm).incomplete()).isEqualTo(2);
        }
        assertThat(tracker.pid())
                .as("the same tracker process served throughout")
                .isEqualTo(pid);
    }

    /**
     * {@code CLIENT PAUSE ... WRITE} makes Redis hold every script call (PING still answers) for far longer
     * than the answer bound, so only the tracker's own 1 s Redis timeout can produce the prompt answers.
     */
    @Test
    void aRedisThatHoldsItsAnswersGetsStorageUnavailableFromTheTimeoutAndRecoversOnRelease() {
        byte[] swarm = TrackerClient.bytes20("outage-hang", SWARMS.incrementAndGet());
        try (UdpTrackerClient udp = UdpTrackerClient.patient(tracker.udpPort())) {
            tracker.client().started(swarm, 1, 0);
            long connectionId = udp.connect();

            assertThat(redis.command("CLIENT PAUSE 60000 WRITE")).isEqualTo("OK");
            try {
                assertThat(httpAnnounce(swarm, 2)).isEqualTo(TrackerFailure.of(AnnounceService.STORAGE_UNAVAILABLE));
                assertThat(tracker.scrapeResult(swarm))
                        .isEqualTo(TrackerFailure.of(AnnounceService.STORAGE_UNAVAILABLE));
                assertThat(UdpTrackerClient.errorMessage(udp.announce(
                                connectionId,
                                swarm,
                                TrackerClient.bytes20("-UDP000-", 3),
                                7003,
                                100,
                                AnnounceEvent.STARTED)))
                        .isEqualTo(AnnounceService.STORAGE_UNAVAILABLE);
            } finally {
                assertThat(redis.command("CLIENT UNPAUSE")).isEqualTo("OK");
            }

            Awaitility.await()
                    .atMost(RECOVERY)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(httpAnnounce(swarm, 4))
                            .isInstanceOfSatisfying(AnnounceResponse.class, r -> assertThat(r.complete())
                                    .hasValue(1)));
        }
    }

    @Test
    void aTrackerStartedBeforeRedisIsLiveButNotReadyAndServesOnceRedisComesUp() {
        byte[] swarm = TrackerClient.bytes20("outage-late", SWARMS.incrementAndGet());
        try (RedisServerProcess late = RedisServerProcess.startOnFreePort()) {
            late.stop();
            try (TrackerProcess early =
                    TrackerProcess.named("before-redis").redis(late).startLive()) {
                assertThat(early.readiness()).isEqualTo(503);
                assertThat(early.client()
                                .announce(TrackerClient.request(swarm, 1, 0).build()))
                        .isEqualTo(TrackerFailure.of(AnnounceService.STORAGE_UNAVAILABLE));

                late.start();

                Awaitility.await()
                        .atMost(RECOVERY)
                        .pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertThat(early.readiness()).isEqualTo(200));
                assertThat(early.client().started(swarm, 1, 0).complete()).hasValue(1);
            }
        }
    }

    private static AnnounceResult httpAnnounce(byte[] swarm, int peer) {
        String url = TrackerUrls.announce(
                tracker.announceUrl(),
                TrackerClient.request(swarm, peer, 100)
                        .event(AnnounceEvent.STARTED)
                        .build());
        return TrackerClient.parse(tracker.get(url));
    }
}

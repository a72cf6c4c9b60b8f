package io.bitquark.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.ScrapeStats;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpAnnounceResponse;
import io.bitquark.protocol.tracker.udp.UdpErrorResponse;
import io.bitquark.protocol.tracker.udp.UdpTrackerResponse;
import io.bitquark.testsupport.RedisServerProcess;
import io.bitquark.tracker.TrackerClient;
import io.bitquark.tracker.announce.AnnounceService;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two tracker processes sharing one Redis behave as one tracker: whatever replica a client reaches, it
 * sees the same swarm, and UDP connection ids issued by one replica are accepted by the other.
 */
@Tag("interop")
class TwoReplicasIT {

    static final AtomicInteger SWARMS = new AtomicInteger();
    static final int MAX_ATTEMPTS = 5;

    static RedisServerProcess redis;
    static TrackerProcess a;
    static TrackerProcess b;

    @BeforeAll
    static void startTwoReplicas() {
        redis = RedisServerProcess.startOnFreePort();
        CompletableFuture<TrackerProcess> first = CompletableFuture.supplyAsync(
                () -> TrackerProcess.named("replica-a").redis(redis).start());
        CompletableFuture<TrackerProcess> second = CompletableFuture.supplyAsync(
                () -> TrackerProcess.named("replica-b").redis(redis).start());
        try {
            a = first.join();
            b = second.join();
        } catch (RuntimeException e) {
            first.thenAccept(TrackerProcess::close);
            second.thenAccept(TrackerProcess::close);
            redis.close();
            throw e;
        }
    }

    @AfterAll
    static void stopAll() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    static byte[] newSwarm() {
        return TrackerClient.bytes20("replicas", SWARMS.incrementAndGet());
    }

    @Test
    void aPeerAnnouncedOnOneReplicaIsReturnedByTheOther() {
        byte[] swarm = newSwarm();
        a.client().started(swarm, 1, 0);

        AnnounceResponse fromB = b.client().started(swarm, 2, 500);

        assertThat(fromB.peers()).extracting(Peer::addressText, Peer::port).containsExactly(tuple("127.0.0.1", 10001));
        assertThat(fromB.complete()).hasValue(1);
        assertThat(fromB.incomplete()).hasValue(1);
    }

    @Test
    void scrapeCountsAgreeOnBothReplicas() {
        byte[] swarm = newSwarm();
        a.client().started(swarm, 1, 0);
        b.client().started(swarm, 2, 0);
        a.client().started(swarm, 3, 100);
        b.client().started(swarm, 4, 100);
        b.client().started(swarm, 5, 100);
        a.client()
                .announceOk(TrackerClient.request(swarm, 5, 0)
                        .event(AnnounceEvent.COMPLETED)
                        .build());
        b.client()
                .announceOk(TrackerClient.request(swarm, 4, 100)
                        .event(AnnounceEvent.STOPPED)
                        .build());

        ScrapeStats onA = a.scrape(swarm);
        ScrapeStats onB = b.scrape(swarm);

        assertThat(onA).isEqualTo(ScrapeStats.of(swarm, 3, 1, 1));
        assertThat(onB).isEqualTo(onA);
    }

    @Test
    void aUdpConnectionIdIssuedByOneReplicaIsAcceptedByTheOther() {
        byte[] swarm = newSwarm();
        byte[] peerId = TrackerClient.bytes20("-UDP000-", 1);
        try (UdpTrackerClient toA = UdpTrackerClient.patient(a.udpPort());
                UdpTrackerClient toB = UdpTrackerClient.patient(b.udpPort())) {
            long issuedByA = toA.connect();

            UdpTrackerResponse answer = toB.announce(issuedByA, swarm, peerId, 7001, 100, AnnounceEvent.STARTED);
            UdpTrackerResponse forged = toB.announce(issuedByA ^ 1, swarm, peerId, 7001, 100, AnnounceEvent.NONE);

            assertThat(answer).isInstanceOfSatisfying(UdpAnnounceResponse.class, r -> assertThat(r.leechers())
                    .isEqualTo(1));
            assertThat(UdpTrackerClient.errorMessage(forged)).isEqualTo("invalid or expired connection id");
        }
        assertThat(a.scrape(swarm).incomplete()).isEqualTo(1);
    }

    /**
     * 10,000 distinct peers announce once each, from 16 threads, spread over both replicas and over HTTP
     * and UDP (where announces arriving together are applied in one script call). Peer {@code i} is a
     * seeder ({@code i % 3 == 0}), a leecher ({@code 1}) or a peer that just completed ({@code 2}).
     */
    @Test
    void tenThousandConcurrentAnnouncesAcrossBothReplicasLeaveExactCounts() throws Exception {
        byte[] swarm = newSwarm();
        int peers = 10_000;
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Queue<UdpTrackerClient> opened = new ConcurrentLinkedQueue<>();
        AtomicInteger retries = new AtomicInteger();
        TrackerClient httpA = a.client();
        TrackerClient httpB = b.client();
        ThreadLocal<UdpSession> udpA = ThreadLocal.withInitial(() -> new UdpSession(a.udpPort(), opened));
        ThreadLocal<UdpSession> udpB = ThreadLocal.withInitial(() -> new UdpSession(b.udpPort(), opened));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < peers; i++) {
                int peer = i;
                threads.execute(() -> {
                    try {
                        String refused = announce(peer, swarm, httpA, httpB, udpA, udpB, retries);
                        if (refused != null) {
                            failures.add("peer " + peer + ": " + refused);
                        }
                    } catch (RuntimeException | AssertionError e) {
                        failures.add("peer " + peer + ": " + e);
                    }
                });
            }
            threads.shutdown();
            assertThat(threads.awaitTermination(3, TimeUnit.MINUTES))
                    .as("all announces answered")
                    .isTrue();
        } finally {
            threads.shutdownNow();
            opened.forEach(UdpTrackerClient::close);
        }
        assertThat(failures).isEmpty();
        System.out.printf("%d announces, %d retried after 'tracker storage unavailable'%n", peers, retries.get());

        long seeders = (peers + 2) / 3;
        long leechers = (peers + 1) / 3;
        long completed = peers / 3;
        ScrapeStats expected = ScrapeStats.of(swarm, seeders + completed, completed, leechers);
        assertThat(a.scrape(swarm)).isEqualTo(expected);
        assertThat(b.scrape(swarm)).isEqualTo(expected);
    }

    /**
     * Announces peer {@code i} by its route ({@code i % 4}), retrying like a client while the tracker answers
     * "tracker storage unavailable" (a replica under a burst may exceed its Redis timeout; the retry must then
     * not count the peer twice). Returns the last refusal, or null once answered.
     */
    private static String announce(
            int i,
            byte[] swarm,
            TrackerClient httpA,
            TrackerClient httpB,
            ThreadLocal<UdpSession> udpA,
            ThreadLocal<UdpSession> udpB,
            AtomicInteger retries) {
        byte[] peerId = TrackerClient.bytes20("-LOAD00-", i);
        int port = 20_000 + i;
        long left = i % 3 == 1 ? 1_000 : 0;
        AnnounceEvent event = i % 3 == 2 ? AnnounceEvent.COMPLETED : AnnounceEvent.STARTED;
        String refused = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (i % 4 < 2) {
                AnnounceRequest request = AnnounceRequest.builder(swarm, peerId, port)
                        .left(left)
                        .event(event)
                        .numWant(0)
                        .build();
                AnnounceResult answer = (i % 4 == 0 ? httpA : httpB).announce(request);
                refused = answer instanceof TrackerFailure f ? f.reason() : null;
            } else {
                UdpSession udp = (i % 4 == 2 ? udpA : udpB).get();
                UdpTrackerResponse answer = udp.client.exchange(new UdpAnnounceRequest(
                        udp.connectionId,
                        udp.nextTransaction(),
                        swarm,
                        peerId,
                        0,
                        left,
                        0,
                        event,
                        0,
                        ByteBuffer.wrap(peerId, 16, 4).getInt(),
                        0,
                        port,
                        new byte[0]));
                refused = answer instanceof UdpErrorResponse e ? e.message() : null;
            }
            if (!AnnounceService.STORAGE_UNAVAILABLE.equals(refused)) {
                return refused;
            }
            retries.incrementAndGet();
        }
        return refused + " (" + MAX_ATTEMPTS + " times)";
    }

    /** One thread's UDP client for one replica, with its connection id. */
    private static final class UdpSession {
        final UdpTrackerClient client;
        final long connectionId;
        private int transaction;

        UdpSession(int port, Queue<UdpTrackerClient> opened) {
            client = new UdpTrackerClient(port, 1_000, 5);
            opened.add(client);
            connectionId = client.connect();
            transaction = (int) Thread.currentThread().getId() << 20;
        }

        int nextTransaction() {
            return ++transaction;
        }
    }
}

package io.bitquark.seeder.announce;

import static io.bitquark.seeder.announce.HttpAnnounceTest.INFO_HASH;
import static io.bitquark.seeder.announce.HttpAnnounceTest.await;
import static io.bitquark.seeder.announce.HttpAnnounceTest.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TrackerClient} against a real UDP tracker socket on a free port (BEP 15, BEP 41). */
class UdpAnnounceTest {

    static final Duration RETRANSMIT = Duration.ofMillis(100);

    Vertx vertx;
    FakeUdpTracker tracker;
    AtomicLong nanoTime = new AtomicLong();
    TrackerClient client;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        tracker = FakeUdpTracker.start(vertx);
        client = new TrackerClient(vertx, Duration.ofSeconds(2), RETRANSMIT, nanoTime::get);
    }

    @AfterEach
    void stop() {
        client.close();
        tracker.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    AnnounceResult announce(String pathAndQuery, AnnounceEvent event) {
        return await(client.announce(tracker.url(pathAndQuery), seed(PeerId.generate()), event));
    }

    @Test
    void aConnectPrecedesTheAnnounceWhichCarriesTheConnectionIdOurFieldsAndThePathAsUrlData() {
        PeerId peerId = PeerId.generate();
        AnnounceParams params = AnnounceParams.of(
                INFO_HASH, peerId, 6881, java.util.Optional.of("203.0.113.7"), 1000, 10, 0, 5, 0x0A0B0C0D);

        await(client.announce(tracker.url("/announce?pk=1"), params, AnnounceEvent.STARTED));

        assertThat(tracker.received()).hasSize(2).first().isInstanceOf(UdpConnectRequest.class);
        UdpAnnounceRequest sent = tracker.announces().get(0);
        assertThat(sent.connectionId()).isEqualTo(0x1234_5678_0000L);
        assertThat(sent.infoHash()).isEqualTo(INFO_HASH);
        assertThat(sent.peerId()).isEqualTo(peerId.bytes());
        assertThat(sent.uploaded()).isEqualTo(1000);
        assertThat(sent.downloaded()).isEqualTo(10);
        assertThat(sent.left()).isZero();
        assertThat(sent.event()).isEqualTo(AnnounceEvent.STARTED);
        assertThat(sent.ipAddress()).isEqualTo((203 << 24) | (113 << 8) | 7);
        assertThat(sent.key()).isEqualTo(0x0A0B0C0D);
        assertThat(sent.numWant()).isEqualTo(5);
        assertThat(sent.port()).isEqualTo(6881);
        assertThat(new String(sent.urlData(), StandardCharsets.UTF_8)).isEqualTo("/announce?pk=1");
    }

    @Test
    void anIpv6AnnounceIpIsLeftToTheTrackerAsZero() {
        AnnounceParams params = AnnounceParams.of(
                INFO_HASH, PeerId.generate(), 6881, java.util.Optional.of("2001:db8::1"), 0, 0, 0, 0, 1);

        await(client.announce(tracker.url("/announce"), params, AnnounceEvent.STARTED));

        assertThat(tracker.announces().get(0).ipAddress()).isZero();
    }

    @Test
    void theAnswerGivesIntervalSeedersLeechersAndPeers() {
        Peer peer = Peer.of(new byte[] {10, 0, 0, 2}, 6882);
        tracker.answer(600, List.of(peer));

        AnnounceResult result = announce("/announce", AnnounceEvent.STARTED);

        AnnounceResponse response = (AnnounceResponse) result;
        assertThat(response.interval()).isEqualTo(600);
        assertThat(response.complete()).hasValue(2);
        assertThat(response.incomplete()).hasValue(1);
        assertThat(response.peers()).containsExactly(peer);
    }

    @Test
    void theConnectionIdIsReusedForAMinuteThenRenewed() {
        announce("/announce", AnnounceEvent.STARTED);
        nanoTime.addAndGet(Duration.ofSeconds(59).toNanos());
        announce("/announce", AnnounceEvent.NONE);
        assertThat(tracker.connects()).hasSize(1);

        nanoTime.addAndGet(Duration.ofSeconds(2).toNanos());
        announce("/announce", AnnounceEvent.NONE);

        assertThat(tracker.connects()).hasSize(2);
        assertThat(tracker.announces())
                .extracting(UdpAnnounceRequest::connectionId)
                .containsExactly(0x1234_5678_0000L, 0x1234_5678_0000L, 0x1234_5678_0001L);
    }

    @Test
    void announcesMadeTogetherShareOneConnect() {
        List<Uni<AnnounceResult>> announces = IntStream.range(0, 20)
                .mapToObj(
                        i -> client.announce(tracker.url("/announce"), seed(PeerId.generate()), AnnounceEvent.STARTED))
                .toList();

        Uni.join().all(announces).andFailFast().await().atMost(HttpAnnounceTest.AWAIT);

        assertThat(tracker.connects()).hasSize(1);
        assertThat(tracker.announces()).hasSize(20);
    }

    @Test
    void anUnansweredRequestIsSentAgainWithTheSameTransactionId() {
        tracker.drop(1);

        AnnounceResult result = announce("/announce", AnnounceEvent.STARTED);

        assertThat(result).isInstanceOf(AnnounceResponse.class);
        List<UdpConnectRequest> connects = tracker.connects();
        assertThat(connects).hasSize(2);
        assertThat(connects.get(1).transactionId()).isEqualTo(connects.get(0).transactionId());
    }

    @Test
    void aSilentTrackerIsAnErrorAfterTheTimeoutWithRetransmissionsOnTheBep15Schedule() {
        tracker.stayQuiet();

        assertThatThrownBy(() -> announce("/announce", AnnounceEvent.STARTED))
                .hasCauseInstanceOf(AnnounceException.class)
                .hasMessageContaining("no answer within");
        // within 2 s, 100 ms doubling sends at 0, 100, 300, 700 and 1500 ms at the most
        List<UdpConnectRequest> connects = tracker.connects();
        assertThat(connects).hasSizeBetween(2, 5);
        assertThat(connects)
                .extracting(UdpConnectRequest::transactionId)
                .containsOnly(connects.get(0).transactionId());
    }

    @Test
    void anErrorPacketIsTheTrackersRefusalAndTheNextAnnounceConnectsAgain() {
        tracker.refuseAnnounces("info-hash not allowed");

        AnnounceResult result = announce("/announce", AnnounceEvent.STARTED);
        announce("/announce", AnnounceEvent.STARTED);

        assertThat(result).isEqualTo(TrackerFailure.of("info-hash not allowed"));
        assertThat(tracker.connects()).hasSize(2);
    }

    @Test
    void aUrlWithoutPortIsAnError() {
        assertThatThrownBy(() -> await(
                        client.announce("udp://127.0.0.1/announce", seed(PeerId.generate()), AnnounceEvent.STARTED)))
                .hasCauseInstanceOf(AnnounceException.class)
                .hasMessageContaining("port");
    }
}

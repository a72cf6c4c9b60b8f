package io.bitquark.seeder.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TrackerClient} against a real HTTP tracker on a free port (BEP 3, BEP 7, BEP 23). */
class HttpAnnounceTest {

    static final Duration AWAIT = Duration.ofSeconds(30);
    static final byte[] INFO_HASH = "0123456789abcdefghij".getBytes();

    Vertx vertx;
    FakeHttpTracker tracker;
    TrackerClient client;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        tracker = FakeHttpTracker.start(vertx);
        client = new TrackerClient(vertx, AWAIT); // only the silent-tracker test is about the timeout
    }

    @AfterEach
    void stop() {
        client.close();
        tracker.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static AnnounceParams seed(PeerId peerId) {
        return AnnounceParams.of(INFO_HASH, peerId, 6881, Optional.of("203.0.113.7"), 1000, 0, 0, 5, 0x0A0B0C0D);
    }

    static AnnounceResult await(Uni<AnnounceResult> announce) {
        return announce.await().atMost(AWAIT);
    }

    @Test
    void announceCarriesOurIdentityCountersEventKeyAndAnnounceIpWithCompactPeersAsked() {
        PeerId peerId = PeerId.generate();

        await(client.announce(tracker.announceUrl(), seed(peerId), AnnounceEvent.STARTED));

        AnnounceRequest sent = tracker.announces().get(0);
        assertThat(sent.infoHash()).isEqualTo(INFO_HASH);
        assertThat(sent.peerId()).isEqualTo(peerId.bytes());
        assertThat(sent.port()).isEqualTo(6881);
        assertThat(sent.uploaded()).isEqualTo(1000);
        assertThat(sent.left()).isZero();
        assertThat(sent.event()).isEqualTo(AnnounceEvent.STARTED);
        assertThat(sent.compact()).contains(true);
        assertThat(sent.numWant()).isEqualTo(OptionalInt.of(5));
        assertThat(sent.key()).contains("a0b0c0d");
        assertThat(sent.ip()).contains("203.0.113.7");
        assertThat(sent.trackerId()).isEmpty();
    }

    @Test
    void aRegularUpdateSendsNoEventAndATrackerIdIsSentBack() {
        await(client.announce(
                tracker.announceUrl(), seed(PeerId.generate()).withTrackerId(Optional.of("t-42")), AnnounceEvent.NONE));

        assertThat(tracker.rawQueries().get(0)).doesNotContain("event=");
        assertThat(tracker.announces().get(0).trackerId()).contains("t-42");
    }

    @Test
    void aPasskeyInTheAnnounceUrlIsKept() {
        await(client.announce(tracker.announceUrl() + "?pk=secret", seed(PeerId.generate()), AnnounceEvent.STARTED));

        assertThat(tracker.rawQueries().get(0)).startsWith("pk=secret&info_hash=");
    }

    @Test
    void aTrackerAnswerGivesIntervalMinIntervalCountsWarningTrackerIdAndPeers() {
        Peer peer = Peer.of(new byte[] {10, 0, 0, 1}, 51413);
        tracker.answer(AnnounceResponse.builder(900)
                .minInterval(300)
                .complete(4)
                .incomplete(2)
                .warningMessage("tracker is busy")
                .trackerId("t-1")
                .peers(List.of(peer))
                .build());

        AnnounceResult result =
                await(client.announce(tracker.announceUrl(), seed(PeerId.generate()), AnnounceEvent.STARTED));

        assertThat(result).isInstanceOf(AnnounceResponse.class);
        AnnounceResponse response = (AnnounceResponse) result;
        assertThat(response.interval()).isEqualTo(900);
        assertThat(response.minInterval()).hasValue(300);
        assertThat(response.complete()).hasValue(4);
        assertThat(response.incomplete()).hasValue(2);
        assertThat(response.warningMessage()).contains("tracker is busy");
        assertThat(response.trackerId()).contains("t-1");
        assertThat(response.peers()).containsExactly(peer);
    }

    @Test
    void aFailureReasonIsTheTrackersRefusalNotAnError() {
        tracker.refuse(TrackerFailure.retryIn("torrent not registered", 60));

        AnnounceResult result =
                await(client.announce(tracker.announceUrl(), seed(PeerId.generate()), AnnounceEvent.STARTED));

        assertThat(result).isEqualTo(TrackerFailure.retryIn("torrent not registered", 60));
    }

    @Test
    void aFailureReasonSentWithAnErrorStatusIsStillARefusal() {
        tracker.respond(403, "d14:failure reason6:bannede");

        AnnounceResult result =
                await(client.announce(tracker.announceUrl(), seed(PeerId.generate()), AnnounceEvent.STARTED));

        assertThat(result).isEqualTo(TrackerFailure.of("banned"));
    }

    @Test
    void anAnswerThatIsNotATrackerResponseIsAnError() {
        tracker.respond(502, "<html>Bad Gateway</html>");

        assertThatThrownBy(() ->
                        await(client.announce(tracker.announceUrl(), seed(PeerId.generate()), AnnounceEvent.STARTED)))
                .hasCauseInstanceOf(AnnounceException.class)
                .hasMessageContaining("HTTP 502");
    }

    @Test
    void aBodyLargerThanTheLimitIsRefused() {
        tracker.respond(200, "x".repeat(HttpTrackerClient.MAX_RESPONSE_BYTES + 1));

        assertThatThrownBy(() ->
                        await(client.announce(tracker.announceUrl(), seed(PeerId.generate()), AnnounceEvent.STARTED)))
                .hasCauseInstanceOf(AnnounceException.class)
                .hasMessageContaining("longer than");
    }

    @Test
    void aSilentTrackerIsAnErrorAfterTheTimeout() {
        tracker.stayQuiet();
        TrackerClient impatient = new TrackerClient(vertx, Duration.ofSeconds(1));
        try {
            assertThatThrownBy(() -> await(
                            impatient.announce(tracker.announceUrl(), seed(PeerId.generate()), AnnounceEvent.STARTED)))
                    .hasCauseInstanceOf(AnnounceException.class)
                    .hasMessageContaining("no answer within");
        } finally {
            impatient.close();
        }
    }

    @Test
    void aRefusedConnectionIsAnError() {
        String closedPort = tracker.announceUrl();
        tracker.close();

        assertThatThrownBy(() -> await(client.announce(closedPort, seed(PeerId.generate()), AnnounceEvent.STARTED)))
                .hasCauseInstanceOf(AnnounceException.class);
        tracker = FakeHttpTracker.start(vertx);
    }

    @Test
    void aRedirectIsFollowed() {
        try (FakeHttpTracker moved = FakeHttpTracker.start(vertx)) {
            tracker.redirectTo(moved.announceUrl());

            await(client.announce(tracker.announceUrl(), seed(PeerId.generate()), AnnounceEvent.STARTED));

            assertThat(moved.events()).containsExactly(AnnounceEvent.STARTED);
        }
    }

    @Test
    void anUnsupportedSchemeIsAnError() {
        assertThatThrownBy(() -> await(client.announce(
                        "wss://tracker.example/announce", seed(PeerId.generate()), AnnounceEvent.STARTED)))
                .hasCauseInstanceOf(AnnounceException.class)
                .hasMessageContaining("unsupported");
    }
}

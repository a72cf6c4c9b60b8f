package io.bitquark.seeder.announce;

import static io.bitquark.seeder.announce.HttpAnnounceTest.INFO_HASH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceRequest;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One torrent's announcer against real HTTP and UDP trackers on free ports: events, intervals, BEP 12
 * fallback, refusals, errors and backoff, and {@code stopped}.
 */
class TorrentAnnouncerTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    Vertx vertx;
    TrackerClient client;
    QuickAnnounceConfig config = QuickAnnounceConfig.fast();
    final AtomicLong uploaded = new AtomicLong();
    final List<AutoCloseable> trackers = new ArrayList<>();
    final List<TorrentAnnouncer> announcers = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        client = new TrackerClient(vertx, config.timeout(), Duration.ofMillis(100), System::nanoTime);
    }

    @AfterEach
    void stop() throws Exception {
        for (TorrentAnnouncer announcer : announcers) {
            announcer.stop().await().atMost(WAIT);
        }
        client.close();
        for (AutoCloseable tracker : trackers) {
            tracker.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Uses {@code changed} from now on, with a client whose timeout is the configured one. */
    void withConfig(QuickAnnounceConfig changed) {
        config = changed;
        client.close();
        client = new TrackerClient(vertx, config.timeout(), Duration.ofMillis(100), System::nanoTime);
    }

    FakeHttpTracker httpTracker(AnnounceResponse answer) {
        FakeHttpTracker tracker = FakeHttpTracker.start(vertx);
        tracker.answer(answer);
        trackers.add(tracker);
        return tracker;
    }

    TorrentAnnouncer announcer(List<List<String>> tiers) {
        PeerId peerId = PeerId.generate();
        TorrentAnnouncer announcer = new TorrentAnnouncer(
                vertx,
                client,
                config,
                tiers,
                () -> AnnounceParams.of(INFO_HASH, peerId, 6881, Optional.empty(), uploaded.get(), 0, 0, 0, 7),
                new Random(1),
                Clock.systemUTC());
        announcers.add(announcer);
        return announcer;
    }

    static AnnounceResponse interval(int seconds) {
        return AnnounceResponse.builder(seconds).build();
    }

    static TrackerStatus statusOf(TorrentAnnouncer announcer, String url) {
        return announcer.status().stream()
                .filter(s -> s.url().equals(url))
                .findFirst()
                .orElseThrow();
    }

    static Duration untilNext(TrackerStatus status) {
        return Duration.between(status.lastAnnounce(), status.nextAnnounce());
    }

    @Test
    void startSendsStartedThenRegularUpdatesAtTheTrackersIntervalWithCurrentCounters() {
        FakeHttpTracker tracker = httpTracker(interval(1));
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));

        announcer.start();
        await().atMost(WAIT).until(() -> tracker.announces().size() == 1);
        uploaded.set(5000);
        await().atMost(WAIT).until(() -> tracker.announces().size() >= 2);

        assertThat(tracker.events().subList(0, 2)).containsExactly(AnnounceEvent.STARTED, AnnounceEvent.NONE);
        assertThat(tracker.announces().get(1).uploaded()).isEqualTo(5000);
        assertThat(tracker.announces().get(0).key()).contains("7");
    }

    @Test
    void theNextUpdateWaitsForTheTrackersMinIntervalWhenItIsLongerThanItsInterval() {
        FakeHttpTracker tracker =
                httpTracker(AnnounceResponse.builder(60).minInterval(600).build());
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));

        announcer.start();
        await().atMost(WAIT)
                .until(() -> statusOf(announcer, tracker.announceUrl()).nextAnnounce() != null);

        TrackerStatus status = statusOf(announcer, tracker.announceUrl());
        assertThat(untilNext(status)).isEqualTo(Duration.ofSeconds(600));
        assertThat(status.interval()).isEqualTo(60);
        assertThat(status.minInterval()).isEqualTo(600);
    }

    @Test
    void theNextUpdateWaitsForTheConfiguredMinimumIntervalWhateverTheTrackerSays() {
        withConfig(config.withMinimumInterval(Duration.ofSeconds(45)));
        FakeHttpTracker tracker = httpTracker(interval(5));
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));

        announcer.start();
        await().atMost(WAIT)
                .until(() -> statusOf(announcer, tracker.announceUrl()).nextAnnounce() != null);

        assertThat(untilNext(statusOf(announcer, tracker.announceUrl()))).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void anIntervalOfZeroMeansTheDefaultInterval() {
        FakeHttpTracker tracker = httpTracker(interval(0));
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));

        announcer.start();
        await().atMost(WAIT)
                .until(() -> statusOf(announcer, tracker.announceUrl()).nextAnnounce() != null);

        assertThat(untilNext(statusOf(announcer, tracker.announceUrl()))).isEqualTo(config.defaultInterval());
    }

    @Test
    void statusReportsTheSwarmCountsPeersAndTheTrackersWarning() {
        FakeHttpTracker tracker = httpTracker(AnnounceResponse.builder(1800)
                .complete(3)
                .incomplete(9)
                .warningMessage("slow down")
                .build());
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));

        announcer.start();
        await().atMost(WAIT)
                .until(() -> statusOf(announcer, tracker.announceUrl()).lastResult() != null);

        TrackerStatus status = statusOf(announcer, tracker.announceUrl());
        assertThat(status.lastResult()).isEqualTo(TrackerStatus.Result.OK);
        assertThat(status.lastEvent()).isEqualTo("started");
        assertThat(status.message()).isEqualTo("slow down");
        assertThat(status.seeders()).isEqualTo(3);
        assertThat(status.leechers()).isEqualTo(9);
        assertThat(status.peers()).isZero();
        assertThat(status.interval()).isEqualTo(1800);
        assertThat(status.tier()).isZero();
    }

    @Test
    void aFailureReasonIsReportedAndRetriedAfterAJitteredBackoffThatGrows() {
        FakeHttpTracker tracker = httpTracker(interval(1800));
        tracker.refuse(TrackerFailure.of("unregistered torrent"));
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));

        announcer.start();
        await().atMost(WAIT)
                .until(() -> statusOf(announcer, tracker.announceUrl()).nextAnnounce() != null);
        TrackerStatus first = statusOf(announcer, tracker.announceUrl());
        await().atMost(WAIT).until(() -> {
            TrackerStatus now = statusOf(announcer, tracker.announceUrl());
            return !now.lastAnnounce().equals(first.lastAnnounce()) && now.nextAnnounce() != null;
        });
        TrackerStatus second = statusOf(announcer, tracker.announceUrl());

        assertThat(first.lastResult()).isEqualTo(TrackerStatus.Result.FAILURE);
        assertThat(first.message()).isEqualTo("unregistered torrent");
        assertThat(untilNext(first)).isBetween(config.retryInitial().dividedBy(2), config.retryInitial());
        assertThat(untilNext(second))
                .isBetween(config.retryInitial(), config.retryInitial().multipliedBy(2));
        assertThat(tracker.events()).containsExactly(AnnounceEvent.STARTED, AnnounceEvent.STARTED);
    }

    @Test
    void aSilentUdpTrackerIsAnErrorAndIsRetriedAfterBackoff() {
        withConfig(config.withTimeout(Duration.ofMillis(500)));
        FakeUdpTracker tracker = FakeUdpTracker.start(vertx);
        trackers.add(tracker);
        tracker.stayQuiet();
        String url = tracker.url("/announce");
        TorrentAnnouncer announcer = announcer(List.of(List.of(url)));

        announcer.start();
        await().atMost(WAIT).until(() -> statusOf(announcer, url).nextAnnounce() != null);

        TrackerStatus status = statusOf(announcer, url);
        assertThat(status.lastResult()).isEqualTo(TrackerStatus.Result.ERROR);
        assertThat(status.message()).startsWith("no answer within");
        assertThat(untilNext(status)).isBetween(config.retryInitial().dividedBy(2), config.retryInitial());

        tracker.answer(1800, List.of());
        await().atMost(WAIT).until(() -> statusOf(announcer, url).lastResult() == TrackerStatus.Result.OK);
        assertThat(tracker.announces()).extracting(r -> r.event()).last().isEqualTo(AnnounceEvent.STARTED);
    }

    @Test
    void whenTheFirstTierFailsTheNextTierGetsStartedAndTheFirstTierIsTriedAgainAtEveryAnnounce() {
        FakeHttpTracker primary = httpTracker(interval(1));
        primary.respond(503, "busy");
        FakeHttpTracker backup = httpTracker(interval(1));
        TorrentAnnouncer announcer = announcer(List.of(List.of(primary.announceUrl()), List.of(backup.announceUrl())));

        announcer.start();
        await().atMost(WAIT).until(() -> backup.announces().size() >= 2);
        assertThat(backup.events().subList(0, 2)).containsExactly(AnnounceEvent.STARTED, AnnounceEvent.NONE);
        assertThat(primary.announces()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(statusOf(announcer, primary.announceUrl()).lastResult()).isEqualTo(TrackerStatus.Result.ERROR);
        assertThat(statusOf(announcer, primary.announceUrl()).message()).isEqualTo("HTTP 503");

        primary.answer(interval(1800));
        await().atMost(WAIT)
                .until(() -> statusOf(announcer, primary.announceUrl()).lastResult() == TrackerStatus.Result.OK);
        int backupAnnounces = backup.announces().size();
        assertThat(primary.events()).last().isEqualTo(AnnounceEvent.STARTED);
        assertThat(statusOf(announcer, backup.announceUrl()).nextAnnounce()).isNull();

        announcer.stop().await().atMost(WAIT);

        assertThat(primary.events()).last().isEqualTo(AnnounceEvent.STOPPED);
        assertThat(backup.events()).hasSize(backupAnnounces + 1).last().isEqualTo(AnnounceEvent.STOPPED);
    }

    @Test
    void aTrackerThatAnsweredIsTriedFirstInItsTierFromThenOn() {
        FakeHttpTracker down = httpTracker(interval(1));
        down.respond(500, "down");
        FakeHttpTracker up = httpTracker(interval(1));
        // the shuffle is seeded: list them so that it puts the dead tracker first
        TorrentAnnouncer announcer = announcer(List.of(List.of(down.announceUrl(), up.announceUrl())));
        if (!announcer.status().get(0).url().equals(down.announceUrl())) {
            announcers.remove(announcer);
            announcer = announcer(List.of(List.of(up.announceUrl(), down.announceUrl())));
        }
        assertThat(announcer.status().get(0).url()).isEqualTo(down.announceUrl());

        announcer.start();
        await().atMost(WAIT).until(() -> up.announces().size() >= 3);

        assertThat(down.announces()).hasSize(1);
    }

    @Test
    void aTrackerThatSaysRetryInNeverIsNotAskedAgain() {
        FakeHttpTracker closed = httpTracker(interval(1));
        closed.refuse(TrackerFailure.neverRetry("tracker closed"));
        FakeHttpTracker open = httpTracker(interval(1));
        TorrentAnnouncer announcer = announcer(List.of(List.of(closed.announceUrl()), List.of(open.announceUrl())));

        announcer.start();
        await().atMost(WAIT).until(() -> open.announces().size() >= 3);

        assertThat(closed.announces()).hasSize(1);
        TrackerStatus status = statusOf(announcer, closed.announceUrl());
        assertThat(status.lastResult()).isEqualTo(TrackerStatus.Result.FAILURE);
        assertThat(status.nextAnnounce()).isNull();
    }

    @Test
    void completedGoesOutAtOnceAndOnlyOnce() {
        FakeHttpTracker tracker = httpTracker(interval(1800));
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));
        announcer.start();
        await().atMost(WAIT)
                .until(() -> statusOf(announcer, tracker.announceUrl()).nextAnnounce() != null);
        tracker.answer(interval(1)); // from now on, a regular update follows each answer within a second

        announcer.completed();
        await().atMost(WAIT).until(() -> tracker.announces().size() >= 3);

        assertThat(tracker.events().subList(0, 3))
                .containsExactly(AnnounceEvent.STARTED, AnnounceEvent.COMPLETED, AnnounceEvent.NONE);
    }

    @Test
    void theTrackerIdATrackerGaveIsSentBackToIt() {
        FakeHttpTracker tracker =
                httpTracker(AnnounceResponse.builder(1).trackerId("abc").build());
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));

        announcer.start();
        await().atMost(WAIT).until(() -> tracker.announces().size() >= 2);

        assertThat(tracker.announces())
                .extracting(AnnounceRequest::trackerId)
                .startsWith(Optional.empty(), Optional.of("abc"));
    }

    @Test
    void stopSendsStoppedAndNothingFollows() throws InterruptedException {
        FakeHttpTracker tracker = httpTracker(interval(1));
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));
        announcer.start();
        await().atMost(WAIT).until(() -> tracker.announces().size() == 1);

        announcer.stop().await().atMost(WAIT);
        Thread.sleep(1500); // more than the interval: a timer left behind would announce again

        assertThat(tracker.events()).containsExactly(AnnounceEvent.STARTED, AnnounceEvent.STOPPED);
        TrackerStatus status = statusOf(announcer, tracker.announceUrl());
        assertThat(status.lastEvent()).isEqualTo("stopped");
        assertThat(status.nextAnnounce()).isNull();
    }

    @Test
    void stopWhileStartedIsUnansweredSendsStoppedOnceTheTrackerHasRegisteredUs() {
        FakeHttpTracker tracker = httpTracker(interval(1800));
        tracker.answerAfter(Duration.ofMillis(500), interval(1800));
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));

        announcer.start();
        await().atMost(WAIT).until(() -> tracker.announces().size() == 1);
        announcer.stop().await().atMost(WAIT);

        assertThat(tracker.events()).containsExactly(AnnounceEvent.STARTED, AnnounceEvent.STOPPED);
    }

    @Test
    void stopGivesUpAfterTheStopTimeoutWhenATrackerDoesNotAnswer() {
        // an announce would wait a minute for this tracker; stop() must not
        withConfig(config.withTimeout(Duration.ofMinutes(1)).withStopTimeout(Duration.ofMillis(300)));
        FakeHttpTracker tracker = httpTracker(interval(1800));
        TorrentAnnouncer announcer = announcer(List.of(List.of(tracker.announceUrl())));
        announcer.start();
        await().atMost(WAIT)
                .until(() -> statusOf(announcer, tracker.announceUrl()).lastResult() != null);
        tracker.stayQuiet();

        announcer.stop().await().atMost(WAIT);

        assertThat(tracker.events()).containsExactly(AnnounceEvent.STARTED, AnnounceEvent.STOPPED);
    }

    @Test
    void aTorrentWithoutTrackersNeverAnnounces() {
        TorrentAnnouncer announcer = announcer(List.of());

        announcer.start();

        assertThat(announcer.status()).isEmpty();
        assertThat(announcer.stop().await().atMost(WAIT)).isNull();
    }
}

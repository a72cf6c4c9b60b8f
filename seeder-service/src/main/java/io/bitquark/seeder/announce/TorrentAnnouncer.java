package io.bitquark.seeder.announce;

import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.AnnounceResult;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.TrackerFailure;
import io.bitquark.seeder.config.AnnounceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps one torrent announced to its trackers, driven by Vert.x timers on one Vert.x context: no thread of
 * its own, and all its decisions are taken on that context.
 *
 * <p><b>Which tracker (BEP 12).</b> An announce walks the trackers in {@link TrackerTiers} order: the first
 * tier's trackers in turn, then the next tier's. The first tracker that answers with an interval gets the
 * announce, and moves to the front of its tier; the walk ends there. A tracker that refuses
 * ({@code failure reason}) or gives no usable answer is passed over. Every walk starts again from the first
 * tier, so a recovered primary tracker is used again at the next announce.
 *
 * <p><b>Events.</b> {@link #start()} announces at once. A tracker that has not registered us gets
 * {@code started} (also when the walk first reaches it later, on a fallback); a registered one gets a
 * regular update, or {@code completed} once after {@link #completed()}. {@link #stop()} sends
 * {@code stopped} to every tracker that registered us. Events go out when they happen; {@code min interval}
 * bounds regular updates.
 *
 * <p><b>When.</b> After an answer, the next regular update is due after the tracker's {@code interval}
 * ({@code default-interval} when it gives 0), but never sooner than {@code minimum-interval} or the
 * tracker's {@code min interval}. When every tracker failed, the walk is retried after an exponential
 * backoff with jitter ({@link RetryBackoff}, {@code retry-initial} to {@code retry-max}), and never before
 * a BEP 31 {@code retry in} allows; a tracker that said {@code retry in: never} is not asked again.
 */
public final class TorrentAnnouncer {

    private final Context context;
    private final TrackerClient client;
    private final AnnounceConfig config;
    private final TrackerTiers tiers;
    private final List<TrackerState> trackers;
    private final Supplier<AnnounceParams> params;
    private final Consumer<List<Peer>> peers;
    private final RetryBackoff backoff;
    private final Clock clock;

    // touched only on the context
    private boolean running;
    private boolean walking;
    private boolean walkAgain;
    private boolean completedOwed;
    private int failedWalks;
    private long timer = -1;
    private Promise<Void> walkEnded = Promise.promise();

    /**
     * @param announceList the torrent's tiers (BEP 12 {@code announce-list}, or one tier with {@code announce})
     * @param params       called before every announce for the torrent's current counters
     */
    public TorrentAnnouncer(
            Vertx vertx,
            TrackerClient client,
            AnnounceConfig config,
            List<List<String>> announceList,
            Supplier<AnnounceParams> params,
            Random random,
            Clock clock) {
        this(vertx, client, config, announceList, params, found -> {}, random, clock);
    }

    /** @param peers told of the peers each answer lists (none are asked for while {@code numwant} is 0) */
    public TorrentAnnouncer(
            Vertx vertx,
            TrackerClient client,
            AnnounceConfig config,
            List<List<String>> announceList,
            Supplier<AnnounceParams> params,
            Consumer<List<Peer>> peers,
            Random random,
            Clock clock) {
        this.peers = peers;
        this.context = vertx.getOrCreateContext();
        this.client = client;
        this.config = config;
        this.tiers = new TrackerTiers(announceList, random);
        this.trackers = List.copyOf(tiers.inOrder());
        this.params = params;
        this.backoff = new RetryBackoff(config.retryInitial(), config.retryMax(), random);
        this.clock = clock;
        walkEnded.complete();
    }

    /** Starts announcing: {@code started} now, then regular updates. Does nothing without trackers. */
    public void start() {
        onContext(() -> {
            if (running || tiers.isEmpty()) {
                return;
            }
            running = true;
            failedWalks = 0;
            walk();
        });
    }

    /** The download finished: {@code completed} goes to the next tracker that answers, now. */
    public void completed() {
        onContext(() -> {
            completedOwed = true;
            if (running) {
                walk();
            }
        });
    }

    /**
     * Stops announcing and sends {@code stopped} to every tracker that registered us, including one whose
     * {@code started} is answered while stopping. Completes when they have answered, or after
     * {@code stop-timeout}; it never fails.
     */
    public Uni<Void> stop() {
        return Uni.createFrom()
                .<Void>emitter(stopping -> onContext(() -> {
                    running = false;
                    cancelTimer();
                    trackers.forEach(t -> t.nextAnnounce(null));
                    Uni<Void> walkDone = Uni.createFrom()
                            .completionStage(walkEnded.future().toCompletionStage())
                            .replaceWithVoid();
                    stopRegistered()
                            .chain(() -> walkDone)
                            .chain(this::stopRegistered)
                            .subscribe()
                            .with(done -> stopping.complete(null), failure -> stopping.complete(null));
                }))
                .ifNoItem()
                .after(config.stopTimeout())
                .recoverWithItem((Void) null);
    }

    /** The last announce to each tracker, tier by tier. */
    public List<TrackerStatus> status() {
        return trackers.stream().map(TrackerState::status).toList();
    }

    private void walk() {
        if (walking) {
            walkAgain = true;
            return;
        }
        cancelTimer();
        walking = true;
        walkEnded = Promise.promise();
        tryFrom(tiers.inOrder(), 0);
    }

    private void tryFrom(List<TrackerState> order, int index) {
        if (!running) {
            finishWalk(null);
            return;
        }
        Instant now = clock.instant();
        int i = index;
        while (i < order.size() && !order.get(i).eligible(now)) {
            i++;
        }
        if (i == order.size()) {
            allFailed();
            return;
        }
        TrackerState tracker = order.get(i);
        AnnounceEvent event = !tracker.registered()
                ? AnnounceEvent.STARTED
                : completedOwed ? AnnounceEvent.COMPLETED : AnnounceEvent.NONE;
        int next = i + 1;
        announce(tracker, event)
                .subscribe()
                .with(
                        result -> onContext(() -> answered(order, next, tracker, event, result)),
                        failure -> onContext(() -> {
                            tracker.failed(clock.instant(), event, AnnounceException.describe(failure));
                            tryFrom(order, next);
                        }));
    }

    private void answered(
            List<TrackerState> order, int next, TrackerState tracker, AnnounceEvent event, AnnounceResult result) {
        Instant now = clock.instant();
        record(tracker, event, result, now);
        if (!(result instanceof AnnounceResponse response)) {
            tryFrom(order, next);
            return;
        }
        if (event == AnnounceEvent.COMPLETED) {
            completedOwed = false;
        }
        if (!response.peers().isEmpty() && running) {
            peers.accept(response.peers());
        }
        tiers.promote(tracker);
        if (!running) { // answered while stopping: stop() sends it stopped once this walk ends
            finishWalk(null);
            return;
        }
        failedWalks = 0;
        Instant at = now.plus(regularInterval(response));
        // the next walk tries first every tracker before this one again, then this one
        boolean reached = true;
        for (TrackerState t : tiers.inOrder()) {
            t.nextAnnounce(reached && t.eligible(at) ? at : null);
            reached &= t != tracker;
        }
        finishWalk(Duration.between(now, at));
    }

    private void allFailed() {
        failedWalks++;
        Instant now = clock.instant();
        Instant earliestAllowed = null;
        for (TrackerState t : trackers) {
            if (!t.retired() && (earliestAllowed == null || t.retryNotBefore().isBefore(earliestAllowed))) {
                earliestAllowed = t.retryNotBefore();
            }
        }
        if (earliestAllowed == null) { // every tracker said "retry in: never"
            trackers.forEach(t -> t.nextAnnounce(null));
            finishWalk(null);
            return;
        }
        Instant backedOff = now.plus(backoff.delay(failedWalks));
        Instant at = earliestAllowed.isAfter(backedOff) ? earliestAllowed : backedOff;
        trackers.forEach(t -> t.nextAnnounce(t.eligible(at) ? at : null));
        finishWalk(Duration.between(now, at));
    }

    /** Ends the walk; walks again at once when an event came meanwhile, otherwise after {@code next} (if any). */
    private void finishWalk(Duration next) {
        walking = false;
        walkEnded.tryComplete();
        if (!running) {
            return;
        }
        if (walkAgain) {
            walkAgain = false;
            walk();
        } else if (next != null) {
            timer = context.owner().setTimer(Math.max(1, next.toMillis()), id -> {
                timer = -1;
                walk();
            });
        }
    }

    private Uni<Void> stopRegistered() {
        List<Uni<Void>> sends = trackers.stream()
                .filter(TrackerState::registered)
                .map(this::sendStopped)
                .toList();
        return sends.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(sends).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> sendStopped(TrackerState tracker) {
        return announce(tracker, AnnounceEvent.STOPPED)
                .onItemOrFailure()
                .invoke((result, failure) -> {
                    if (failure == null) {
                        record(tracker, AnnounceEvent.STOPPED, result, clock.instant());
                    } else {
                        tracker.failed(clock.instant(), AnnounceEvent.STOPPED, AnnounceException.describe(failure));
                    }
                })
                .onItemOrFailure()
                .transform((result, failure) -> null);
    }

    private Uni<AnnounceResult> announce(TrackerState tracker, AnnounceEvent event) {
        return Uni.createFrom()
                .deferred(() -> client.announce(tracker.url(), params.get().withTrackerId(tracker.trackerId()), event));
    }

    private static void record(TrackerState tracker, AnnounceEvent event, AnnounceResult result, Instant at) {
        if (result instanceof AnnounceResponse response) {
            tracker.announced(at, event, response);
        } else {
            tracker.refused(at, event, (TrackerFailure) result);
        }
    }

    private Duration regularInterval(AnnounceResponse response) {
        Duration interval =
                response.interval() > 0 ? Duration.ofSeconds(response.interval()) : config.defaultInterval();
        Duration floor = config.minimumInterval();
        if (response.minInterval().isPresent()
                && Duration.ofSeconds(response.minInterval().getAsInt()).compareTo(floor) > 0) {
            floor = Duration.ofSeconds(response.minInterval().getAsInt());
        }
        return interval.compareTo(floor) < 0 ? floor : interval;
    }

    private void cancelTimer() {
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
    }

    private void onContext(Runnable action) {
        context.runOnContext(v -> action.run());
    }
}

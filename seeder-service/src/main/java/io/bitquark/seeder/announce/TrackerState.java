package io.bitquark.seeder.announce;

import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.AnnounceResponse;
import io.bitquark.protocol.tracker.TrackerFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a torrent knows of one of its trackers: whether it has registered us ({@code started} answered and
 * no {@code stopped} since), its {@code tracker id}, when BEP 31 {@code retry in} lets us come back, and
 * the last result for {@link #status()}. Changed by the announcer on its context, read from anywhere.
 */
final class TrackerState {

    private final String url;
    private final int tier;
    private boolean registered;
    private Optional<String> trackerId = Optional.empty();
    private Instant retryNotBefore = Instant.MIN;
    private boolean retired;
    private TrackerStatus status;

    TrackerState(String url, int tier) {
        this.url = url;
        this.tier = tier;
        this.status = new TrackerStatus(url, tier, null, null, null, null, null, null, null, null, null, null);
    }

    String url() {
        return url;
    }

    int tier() {
        return tier;
    }

    synchronized TrackerStatus status() {
        return status;
    }

    /** Whether the tracker has us as a peer: it answered a {@code started} and got no {@code stopped} since. */
    synchronized boolean registered() {
        return registered;
    }

    synchronized Optional<String> trackerId() {
        return trackerId;
    }

    /** Whether this tracker may be announced to at {@code now}: not retired, and past any {@code retry in}. */
    synchronized boolean eligible(Instant now) {
        return !retired && !now.isBefore(retryNotBefore);
    }

    synchronized boolean retired() {
        return retired;
    }

    /** The earliest time a {@code retry in} allows; {@link Instant#MIN} when there is none. */
    synchronized Instant retryNotBefore() {
        return retryNotBefore;
    }

    synchronized void announced(Instant at, AnnounceEvent event, AnnounceResponse response) {
        registered = event != AnnounceEvent.STOPPED;
        if (response.trackerId().isPresent()) {
            trackerId = response.trackerId();
        }
        status = new TrackerStatus(
                url,
                tier,
                at,
                eventName(event),
                TrackerStatus.Result.OK,
                response.warningMessage().orElse(null),
                boxed(response.complete()),
                boxed(response.incomplete()),
                response.peers().size(),
                response.interval(),
                boxed(response.minInterval()),
                null);
    }

    /** A refusal; BEP 31 {@code retry in} minutes or {@code never} bound when we may come back. */
    synchronized void refused(Instant at, AnnounceEvent event, TrackerFailure failure) {
        if (event == AnnounceEvent.STOPPED) {
            registered = false;
        }
        retired = failure.retryNever();
        failure.retryInMinutes().ifPresent(m -> retryNotBefore = at.plus(Duration.ofMinutes(m)));
        status = withResult(at, event, TrackerStatus.Result.FAILURE, failure.reason());
    }

    synchronized void failed(Instant at, AnnounceEvent event, String error) {
        if (event == AnnounceEvent.STOPPED) {
            registered = false; // we tried once; a tracker that missed it expires us by itself
        }
        status = withResult(at, event, TrackerStatus.Result.ERROR, error);
    }

    /** Sets when this tracker is next announced to; a new result clears it until the walk has decided. */
    synchronized void nextAnnounce(Instant at) {
        status = new TrackerStatus(
                url,
                tier,
                status.lastAnnounce(),
                status.lastEvent(),
                status.lastResult(),
                status.message(),
                status.seeders(),
                status.leechers(),
                status.peers(),
                status.interval(),
                status.minInterval(),
                at);
    }

    private TrackerStatus withResult(Instant at, AnnounceEvent event, TrackerStatus.Result result, String message) {
        return new TrackerStatus(
                url,
                tier,
                at,
                eventName(event),
                result,
                message,
                status.seeders(),
                status.leechers(),
                status.peers(),
                status.interval(),
                status.minInterval(),
                null);
    }

    private static String eventName(AnnounceEvent event) {
        return event == AnnounceEvent.NONE ? "update" : event.httpValue();
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }
}

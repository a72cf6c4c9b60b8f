package io.bitquark.protocol.tracker;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A refused request: {@code d14:failure reason<text>e}, optionally with BEP 31 {@code retry in} (minutes,
 * or the string {@code never}). A failure response carries nothing else that a client may rely on.
 *
 * @param retryInMinutes when the tracker says to retry, in minutes
 * @param retryNever     the tracker said {@code retry in: never}
 */
public record TrackerFailure(String reason, OptionalInt retryInMinutes, boolean retryNever)
        implements AnnounceResult, ScrapeResult {

    public TrackerFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(retryInMinutes, "retryInMinutes");
        if (retryNever && retryInMinutes.isPresent()) {
            throw new IllegalArgumentException("retry in is either minutes or never");
        }
        if (retryInMinutes.isPresent() && retryInMinutes.getAsInt() < 0) {
            throw new IllegalArgumentException("retry in must not be negative");
        }
    }

    public static TrackerFailure of(String reason) {
        return new TrackerFailure(reason, OptionalInt.empty(), false);
    }

    public static TrackerFailure retryIn(String reason, int minutes) {
        return new TrackerFailure(reason, OptionalInt.of(minutes), false);
    }

    public static TrackerFailure neverRetry(String reason) {
        return new TrackerFailure(reason, OptionalInt.empty(), true);
    }

    /** The failure a tracker sends for a request its parser refused. */
    public static TrackerFailure of(TrackerRequestException refused) {
        return of(refused.failureReason());
    }
}

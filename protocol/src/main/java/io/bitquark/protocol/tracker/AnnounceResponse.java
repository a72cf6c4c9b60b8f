package io.bitquark.protocol.tracker;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A successful HTTP announce response (BEP 3, BEP 23, BEP 7).
 *
 * <pre>
 * d8:completei5e10:incompletei3e8:intervali1800e12:min intervali900e
 *  5:peers6:&lt;compact IPv4&gt;6:peers618:&lt;compact IPv6&gt;10:tracker id3:xyz15:warning message4:slowe
 * </pre>
 *
 * <p>{@code peers} holds IPv4 and IPv6 peers together; the encoder splits them by format. Times are
 * seconds, counts are swarm totals.
 */
public record AnnounceResponse(
        int interval,
        OptionalInt minInterval,
        OptionalInt complete,
        OptionalInt incomplete,
        Optional<String> trackerId,
        Optional<String> warningMessage,
        List<Peer> peers)
        implements AnnounceResult {

    public AnnounceResponse {
        if (interval < 0) {
            throw new IllegalArgumentException("interval must not be negative");
        }
        requireNonNegative(minInterval, "min interval");
        requireNonNegative(complete, "complete");
        requireNonNegative(incomplete, "incomplete");
        Objects.requireNonNull(trackerId, "trackerId");
        Objects.requireNonNull(warningMessage, "warningMessage");
        if (trackerId.isPresent() && trackerId.get().chars().anyMatch(c -> c > 0xFF)) {
            throw new IllegalArgumentException("tracker id must hold one byte per character (ISO-8859-1)");
        }
        peers = List.copyOf(peers);
    }

    private static void requireNonNegative(OptionalInt value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isPresent() && value.getAsInt() < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    public static Builder builder(int interval) {
        return new Builder(interval);
    }

    /** Builds an {@link AnnounceResponse}. */
    public static final class Builder {
        private final int interval;
        private OptionalInt minInterval = OptionalInt.empty();
        private OptionalInt complete = OptionalInt.empty();
        private OptionalInt incomplete = OptionalInt.empty();
        private Optional<String> trackerId = Optional.empty();
        private Optional<String> warningMessage = Optional.empty();
        private List<Peer> peers = List.of();

        private Builder(int interval) {
            this.interval = interval;
        }

        public Builder minInterval(int seconds) {
            this.minInterval = OptionalInt.of(seconds);
            return this;
        }

        public Builder complete(int seeders) {
            this.complete = OptionalInt.of(seeders);
            return this;
        }

        public Builder incomplete(int leechers) {
            this.incomplete = OptionalInt.of(leechers);
            return this;
        }

        public Builder trackerId(String trackerId) {
            this.trackerId = Optional.of(trackerId);
            return this;
        }

        public Builder warningMessage(String warningMessage) {
            this.warningMessage = Optional.of(warningMessage);
            return this;
        }

        public Builder peers(List<Peer> peers) {
            this.peers = peers;
            return this;
        }

        public AnnounceResponse build() {
            return new AnnounceResponse(interval, minInterval, complete, incomplete, trackerId, warningMessage, peers);
        }
    }
}

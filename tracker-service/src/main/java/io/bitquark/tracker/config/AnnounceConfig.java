package io.bitquark.tracker.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the tracker answers announces ({@code bitquark.tracker.announce.*}). */
public interface AnnounceConfig {

    /** The {@code interval} clients are told to wait between announces. */
    @WithDefault("1800s")
    Duration interval();

    /** The {@code min interval} clients must respect. */
    @WithDefault("900s")
    Duration minInterval();

    /**
     * How long a silent peer stays in its swarm. Defaults to twice the interval. A peer is dropped between
     * this and one and a half times this after its last announce.
     */
    Optional<Duration> peerTimeout();

    /** Peers returned when the client sends no {@code numwant}. */
    @WithDefault("50")
    int defaultNumwant();

    /** Larger {@code numwant} values are clamped to this. */
    @WithDefault("200")
    int maxNumwant();

    /** The peer timeout in effect: the configured one, or twice the interval. */
    default Duration effectivePeerTimeout() {
        return peerTimeout().orElse(interval().multipliedBy(2));
    }
}

package io.bitquark.seeder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The tracker client ({@code bitquark.seeder.announce.*}). */
@ConfigMapping(prefix = "bitquark.seeder.announce")
public interface AnnounceConfig {

    /** Announce at all; off, torrents are reachable only by direct connection. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The {@code numwant} sent while seeding: the leechers a seed dials. A client that cannot reach the seed itself
     * (Transmission 3.00 tries tracker peers over uTP only) is reached this way; 0 leaves every connection to them.
     */
    @WithDefault("50")
    int numwant();

    /** The interval used when a tracker sends none. */
    @WithDefault("PT30M")
    Duration defaultInterval();

    /** The shortest interval honoured, whatever a tracker says. */
    @WithDefault("PT30S")
    Duration minimumInterval();

    /** The first retry delay after a failed announce; each further failure doubles it, with jitter. */
    @WithDefault("PT15S")
    Duration retryInitial();

    /** The longest retry delay. */
    @WithDefault("PT30M")
    Duration retryMax();

    /** How long one HTTP announce or one UDP exchange may take. */
    @WithDefault("PT15S")
    Duration timeout();

    /** How long graceful shutdown and removal wait for {@code stopped} announces to be sent. */
    @WithDefault("PT5S")
    Duration stopTimeout();
}

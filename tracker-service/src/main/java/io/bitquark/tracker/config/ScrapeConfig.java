package io.bitquark.tracker.config;

import io.smallrye.config.WithDefault;

/** Scrape behaviour ({@code bitquark.tracker.scrape.*}). */
public interface ScrapeConfig {

    /** Whether a scrape without {@code info_hash} (a full scrape) is answered. */
    @WithDefault("off")
    FullScrape full();

    /** With {@code full=limited}, the most recently active swarms returned by a full scrape. */
    @WithDefault("1000")
    int fullLimit();

    /** The most info-hashes one scrape may ask for. */
    @WithDefault("64")
    int maxInfoHashes();

    /** Full scrape modes. */
    enum FullScrape {
        /** Refused with a failure reason. */
        OFF,
        /** Answered with at most {@code full-limit} swarms. */
        LIMITED
    }
}

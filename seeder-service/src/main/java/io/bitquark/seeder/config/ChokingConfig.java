package io.bitquark.seeder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Choking and upload rate limits ({@code bitquark.seeder.choking.*}). */
@ConfigMapping(prefix = "bitquark.seeder.choking")
public interface ChokingConfig {

    /** How a seed chooses whom to unchoke. */
    enum Algorithm {
        /** Unchoke every interested peer, as libtorrent's {@code high_performance_seed} does. */
        UNCHOKE_ALL,
        /** A fixed number of slots handed round in turn, plus one optimistic unchoke that rotates. */
        ROUND_ROBIN
    }

    /** The choking algorithm: {@code unchoke-all} or {@code round-robin}. */
    @WithDefault("unchoke-all")
    Algorithm algorithm();

    /** Regular unchoke slots per torrent under {@code round-robin} (the optimistic slot comes on top). */
    @WithDefault("4")
    int unchokeSlots();

    /** How often the round-robin choker rechooses the regular slots. */
    @WithDefault("PT10S")
    Duration unchokeInterval();

    /** How often the optimistic unchoke moves to the next choked interested peer. */
    @WithDefault("PT30S")
    Duration optimisticInterval();

    /** Upload limit over every torrent, in bytes per second; 0 is unlimited. */
    @WithDefault("0")
    long uploadRateLimit();

    /** Upload limit of each torrent, in bytes per second; 0 is unlimited. */
    @WithDefault("0")
    long torrentUploadRateLimit();
}

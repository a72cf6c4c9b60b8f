package io.bitquark.seeder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Choking and rate limits ({@code bitquark.seeder.choking.*}). A seed chooses whom to unchoke by {@link
 * #algorithm()}; a torrent that is downloading reciprocates instead: the peers that send us the most get the
 * {@link #unchokeSlots()}, and one more rotates optimistically (BEP 3).
 */
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

    /**
     * Regular unchoke slots per torrent (btdownloadheadless's {@code max_uploads}) under {@code round-robin}, and
     * for every torrent while it downloads; the optimistic slot comes on top.
     */
    @WithDefault("4")
    int unchokeSlots();

    /** How often the round-robin and the downloading chokers rechoose the regular slots. */
    @WithDefault("PT10S")
    Duration unchokeInterval();

    /** How often the optimistic unchoke moves to the next choked interested peer. */
    @WithDefault("PT30S")
    Duration optimisticInterval();

    /** Upload limit over every torrent, in bytes per second; 0 is unlimited. */
    @WithDefault("0")
    long uploadRateLimit();

    /**
     * Upload limit of each torrent, in bytes per second, unless the torrent sets its own; 0 is unlimited.
     */
    @WithDefault("0")
    long torrentUploadRateLimit();

    /** Download limit over every torrent, in bytes per second; 0 is unlimited. */
    @WithDefault("0")
    long downloadRateLimit();

    /**
     * Download limit of each torrent, in bytes per second, unless the torrent sets its own; 0 is unlimited.
     */
    @WithDefault("0")
    long torrentDownloadRateLimit();
}

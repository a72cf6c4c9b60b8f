package io.bitquark.seeder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The download engine ({@code bitquark.seeder.download.*}): torrents added with {@code download=true}. */
@ConfigMapping(prefix = "bitquark.seeder.download")
public interface DownloadConfig {

    /**
     * The most bytes of received blocks held in memory before their piece is verified and written, over every
     * torrent. When reached, reading from peer sockets stops until written pieces free room.
     */
    @WithDefault("67108864")
    long maxUnverifiedBytes();

    /** The {@code numwant} announced while a torrent downloads (a seed announces {@code announce.numwant}). */
    @WithDefault("50")
    int numwant();

    /** Outbound connection attempts in progress at once, over every torrent. */
    @WithDefault("20")
    int maxHalfOpen();

    /** How long after a failed connection attempt a peer is tried again first; each further failure doubles it. */
    @WithDefault("PT30S")
    Duration retryInitial();

    /** The longest wait before a peer that keeps failing is tried again. */
    @WithDefault("PT30M")
    Duration retryMax();

    /** How often the verified pieces of a downloading torrent are saved to its fast-resume data, at most. */
    @WithDefault("PT5S")
    Duration resumeSaveInterval();
}

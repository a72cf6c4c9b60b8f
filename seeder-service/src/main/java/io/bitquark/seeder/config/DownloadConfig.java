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

    /**
     * Whether a downloading torrent also fetches pieces from the web seeds its metainfo names: BEP 19
     * {@code url-list} (HTTP range requests) and BEP 17 {@code httpseeds}. Only HTTP(S) URLs are used.
     */
    @WithDefault("true")
    boolean webSeeds();

    /**
     * Web seeds used per torrent, the {@code url-list} ones first: each holds up to {@code web-seed-connections} whole
     * pieces in memory while it fetches them, so a torrent that names many cannot take the heap.
     */
    @WithDefault("4")
    int webSeedsPerTorrent();

    /** Pieces fetched from one web seed at once, each on a connection of its own. */
    @WithDefault("2")
    int webSeedConnections();

    /** How long a web seed's connection may take to open, or stay silent while a piece is fetched. */
    @WithDefault("PT30S")
    Duration webSeedTimeout();

    /**
     * How long a web seed rests after a failure (an HTTP error, a wrong length, a piece that failed its hash);
     * each further failure in a row doubles it, drawn from the upper half for jitter.
     */
    @WithDefault("PT5S")
    Duration webSeedRetryInitial();

    /** The longest rest of a web seed that keeps failing. */
    @WithDefault("PT5M")
    Duration webSeedRetryMax();

    /** Failures in a row after which a web seed is dropped for the rest of the download, its last error shown. */
    @WithDefault("5")
    int webSeedMaxFailures();
}

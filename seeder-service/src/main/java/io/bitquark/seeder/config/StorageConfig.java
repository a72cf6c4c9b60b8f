package io.bitquark.seeder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Reading and checking seeded data ({@code bitquark.seeder.storage.*}). */
@ConfigMapping(prefix = "bitquark.seeder.storage")
public interface StorageConfig {

    /** Files held open at once across every torrent; the least recently used is closed first. */
    @WithDefault("256")
    int maxOpenFiles();

    /** Worker threads that read blocks for peers. */
    @WithDefault("4")
    int readThreads();

    /** Threads that hash pieces during a check; 0 uses every core. */
    @WithDefault("0")
    int checkThreads();

    /** Torrents checked at the same time; more wait in turn, in state {@code checking}. */
    @WithDefault("1")
    int concurrentChecks();

    /**
     * Re-verify a piece on its first read after its file changed on disk (size or modification time), and
     * withdraw it when it no longer matches. Off, a changed file is only noticed at the next check.
     */
    @WithDefault("true")
    boolean reverifyChangedFiles();

    /**
     * With {@code reverify-changed-files}, the shortest time between two stats of one file while it is
     * served: a change on disk is noticed by the first read of the file at least this long after the previous
     * stat. Zero stats on every read.
     */
    @WithDefault("PT1S")
    Duration changeCheckInterval();

    /**
     * Before a download, write every file out to its full length with zeros (libtorrent's allocate mode), so
     * that the space is taken at once and a full disk stops the torrent before any piece is fetched, at the cost
     * of writing the torrent's size once more. Off (the default), files are sparse: they take space as pieces
     * arrive.
     */
    @WithDefault("false")
    boolean preallocate();
}

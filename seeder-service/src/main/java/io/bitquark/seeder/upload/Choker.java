package io.bitquark.seeder.upload;

import io.bitquark.seeder.config.ChokingConfig;

/**
 * Decides which peers of one torrent we unchoke (BEP 3 choking, seen from a seed). One instance per torrent;
 * every call is made on the peer-wire event loop. {@link #tick} is driven by a single periodic timer for all
 * torrents.
 */
interface Choker {

    /** A peer finished its handshake for this torrent; it starts choked and not interested. */
    void peerAdded(Chokeable peer);

    /** A peer left. */
    void peerRemoved(Chokeable peer);

    /** The peer sent {@code interested} or {@code not interested}. */
    void interestChanged(Chokeable peer);

    /** Periodic rechoke at {@code now} (nanoseconds). */
    void tick(long now);

    /** The choker the configuration names. */
    static Choker of(ChokingConfig config, long now) {
        if (config.algorithm() == ChokingConfig.Algorithm.ROUND_ROBIN) {
            return new RoundRobinChoker(
                    config.unchokeSlots(),
                    config.unchokeInterval().toNanos(),
                    config.optimisticInterval().toNanos(),
                    now);
        }
        return new UnchokeAllChoker();
    }
}

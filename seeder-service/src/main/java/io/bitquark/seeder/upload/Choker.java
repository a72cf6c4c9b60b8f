package io.bitquark.seeder.upload;

import io.bitquark.seeder.config.ChokingConfig;
import java.util.function.BooleanSupplier;

/**
 * Decides which peers of one torrent we unchoke (BEP 3 choking). One instance per torrent. A seed's chokers are
 * called on the peer-wire event loop of the peer concerned (round-robin runs every connection on one loop); the
 * downloading one is thread-safe. {@link #tick} is driven by a periodic timer (round-robin) and by each
 * connection's once-a-second tick.
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

    /**
     * Whether this choker sets every peer's state itself as the peer is added (unchoking it or choking it), rather
     * than only unchoking the peers it picks.
     */
    default boolean decidesEachPeer() {
        return false;
    }

    /**
     * The choker of a torrent whose first peer arrives at {@code now}: while it downloads ({@code downloading}),
     * the {@link ReciprocalChoker}, handing over to the seed's choker once it is complete; a seed gets the seed's
     * choker the configuration names.
     */
    static Choker of(ChokingConfig config, long now, BooleanSupplier downloading) {
        Choker seed = forSeed(config, now);
        if (!downloading.getAsBoolean()) {
            return seed;
        }
        return new ReciprocalChoker(
                config.unchokeSlots(),
                config.unchokeInterval().toNanos(),
                config.optimisticInterval().toNanos(),
                now,
                seed,
                downloading);
    }

    /** The seed's choker the configuration names. */
    static Choker forSeed(ChokingConfig config, long now) {
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

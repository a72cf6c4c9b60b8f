package io.bitquark.seeder.torrent;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a seeded torrent stands, as {@code GET /api/torrents} reports it. */
public enum TorrentState {
    /** Its data is being hash-checked; {@code percent} tells how far. */
    CHECKING,
    /** Added from a magnet link, waiting for the info dictionary from peers. */
    METADATA,
    /** Fetching missing pieces (only with {@code download=true}). */
    DOWNLOADING,
    /** Every piece verified and served. */
    SEEDING,
    /** Some pieces are missing or failed their check; the verified ones are served. */
    PARTIAL,
    /** Stopped by the operator; no peers, no announces. */
    PAUSED,
    /** Cannot run; {@code reason} says why. */
    ERROR;

    /**
     * Whether a torrent in this state dials the peers it hears of: while it downloads, and while it serves what it
     * has to leechers (some cannot reach it themselves).
     */
    public boolean dialsPeers() {
        return this == DOWNLOADING || this == SEEDING || this == PARTIAL;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.bitquark.seeder.upload;

import io.bitquark.seeder.rate.Throttle;

/** What the upload roles of one torrent's peers share: the torrent's choker and its upload limits. */
public final class TorrentUpload {

    private final Choker choker;
    private final Throttle throttle;

    TorrentUpload(Choker choker, Throttle throttle) {
        this.choker = choker;
        this.throttle = throttle;
    }

    Choker choker() {
        return choker;
    }

    Throttle throttle() {
        return throttle;
    }

    /** The periodic rechoke at {@code now} (nanoseconds). */
    public void tick(long now) {
        choker.tick(now);
    }
}

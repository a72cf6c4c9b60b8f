package io.bitquark.seeder.torrent;

/**
 * What is persisted of one torrent besides its .torrent file, so that a restart brings it back as it was.
 *
 * @param dataPath the content, relative to the data root
 * @param paused   whether the operator paused it
 * @param download whether missing pieces may be downloaded
 * @param addedAt  when it was added, in epoch seconds
 * @param limits   its own rate limits
 */
public record TorrentRecord(String dataPath, boolean paused, boolean download, long addedAt, TorrentLimits limits) {

    public TorrentRecord {
        limits = limits == null ? TorrentLimits.DEFAULTS : limits;
    }

    /** A record with no limits of its own. */
    public TorrentRecord(String dataPath, boolean paused, boolean download, long addedAt) {
        this(dataPath, paused, download, addedAt, TorrentLimits.DEFAULTS);
    }

    public TorrentRecord withPaused(boolean paused) {
        return new TorrentRecord(dataPath, paused, download, addedAt, limits);
    }

    public TorrentRecord withLimits(TorrentLimits limits) {
        return new TorrentRecord(dataPath, paused, download, addedAt, limits);
    }
}

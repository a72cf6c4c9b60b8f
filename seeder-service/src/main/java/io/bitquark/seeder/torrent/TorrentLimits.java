package io.bitquark.seeder.torrent;

/**
 * A torrent's own rate limits, in bytes per second: 0 is unlimited, and null leaves the direction to the process's
 * per-torrent default ({@code choking.torrent-upload-rate-limit}, {@code choking.torrent-download-rate-limit}).
 *
 * @param uploadRate   the torrent's upload limit, or null for the default
 * @param downloadRate the torrent's download limit, or null for the default
 */
public record TorrentLimits(Long uploadRate, Long downloadRate) {

    /** No limit of the torrent's own: both directions follow the defaults. */
    public static final TorrentLimits DEFAULTS = new TorrentLimits(null, null);

    public TorrentLimits {
        if (uploadRate != null && uploadRate < 0 || downloadRate != null && downloadRate < 0) {
            throw new IllegalArgumentException("rate limits must not be negative");
        }
    }

    /** These limits with the directions {@code change} sets replaced, the others kept. */
    public TorrentLimits with(TorrentLimits change) {
        return new TorrentLimits(
                change.uploadRate != null ? change.uploadRate : uploadRate,
                change.downloadRate != null ? change.downloadRate : downloadRate);
    }

    /** The upload limit in force: the torrent's own, or {@code fallback}. */
    public long uploadOr(long fallback) {
        return uploadRate != null ? uploadRate : fallback;
    }

    /** The download limit in force: the torrent's own, or {@code fallback}. */
    public long downloadOr(long fallback) {
        return downloadRate != null ? downloadRate : fallback;
    }
}

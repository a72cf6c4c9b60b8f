package io.bitquark.seeder.rate;

/**
 * One torrent's own upload and download limits, in bytes per second (0 is unlimited), as buckets that every
 * connection of the torrent shares and that keep their state when the limits change ({@code PATCH}).
 */
public final class TorrentRateLimits {

    private final TokenBucket upload;
    private final TokenBucket download;

    public TorrentRateLimits(long uploadRate, long downloadRate, long now) {
        this.upload = new TokenBucket(uploadRate, now);
        this.download = new TokenBucket(downloadRate, now);
    }

    /** Limits that never limit. */
    public static TorrentRateLimits unlimited() {
        return new TorrentRateLimits(0, 0, 0);
    }

    public TokenBucket upload() {
        return upload;
    }

    public TokenBucket download() {
        return download;
    }

    /** Sets both limits at {@code now}. */
    public void set(long uploadRate, long downloadRate, long now) {
        upload.rate(uploadRate, now);
        download.rate(downloadRate, now);
    }
}

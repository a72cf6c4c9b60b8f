package io.bitquark.seeder.upload;

/** The upload limits one send must respect: the process-wide bucket and its torrent's bucket. */
final class UploadThrottle {

    private final TokenBucket global;
    private final TokenBucket torrent;

    UploadThrottle(TokenBucket global, TokenBucket torrent) {
        this.global = global;
        this.torrent = torrent;
    }

    /** How long from {@code now} until both buckets let a send start; 0 when both hold tokens. */
    long delayNanos(long now) {
        return Math.max(global.delayNanos(now), torrent.delayNanos(now));
    }

    /** Charges a send of {@code bytes} to both buckets. */
    void take(long bytes, long now) {
        global.take(bytes, now);
        torrent.take(bytes, now);
    }
}

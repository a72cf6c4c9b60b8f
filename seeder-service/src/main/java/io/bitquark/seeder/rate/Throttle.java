package io.bitquark.seeder.rate;

/**
 * The limits one transfer must respect, in one direction: the process-wide bucket and its torrent's bucket
 * ({@code choking.upload-rate-limit} with the torrent's upload limit, or the download pair).
 */
public final class Throttle {

    private final TokenBucket global;
    private final TokenBucket torrent;

    public Throttle(TokenBucket global, TokenBucket torrent) {
        this.global = global;
        this.torrent = torrent;
    }

    /** A throttle that never limits. */
    public static Throttle unlimited() {
        return new Throttle(TokenBucket.unlimited(), TokenBucket.unlimited());
    }

    /** How long from {@code now} until both buckets let a transfer start; 0 when both hold tokens. */
    public long delayNanos(long now) {
        return Math.max(global.delayNanos(now), torrent.delayNanos(now));
    }

    /** Charges a transfer of {@code bytes} to both buckets. */
    public void take(long bytes, long now) {
        global.take(bytes, now);
        torrent.take(bytes, now);
    }
}

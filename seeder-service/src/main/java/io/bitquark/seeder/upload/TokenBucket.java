package io.bitquark.seeder.upload;

/**
 * An upload rate limit in bytes per second. Tokens accrue at {@code rate} per second up to a burst of a tenth
 * of a second's worth; a send may start while the bucket is positive and takes its whole size, so the bucket
 * may go into debt by one message. The long-run rate is exact, and a sender that finds the bucket empty is told
 * how long to wait rather than sleeping.
 *
 * <p>Thread-safe: the connections of one torrent, and of the whole process for the global limit, may run on
 * several event loops. A sender asks {@link #delayNanos} and then {@link #take}s, so with several loops the debt
 * is at most one message per loop. Time is passed in (nanoseconds, as from {@link System#nanoTime()}), so the
 * arithmetic can be specified without a clock.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long rate;
    private final double capacity;
    private double tokens;
    private long updated;

    /** A bucket of {@code rate} bytes per second, full at {@code now}; a rate of 0 is unlimited. */
    public TokenBucket(long rate, long now) {
        if (rate < 0) {
            throw new IllegalArgumentException("rate must not be negative, got " + rate);
        }
        this.rate = rate;
        this.capacity = Math.max(1.0, rate / 10.0);
        this.tokens = capacity;
        this.updated = now;
    }

    /** A bucket that never limits. */
    public static TokenBucket unlimited() {
        return new TokenBucket(0, 0);
    }

    public long rate() {
        return rate;
    }

    public boolean isUnlimited() {
        return rate == 0;
    }

    /** How long from {@code now} until a send may start: 0 while the bucket holds tokens. */
    public synchronized long delayNanos(long now) {
        if (isUnlimited()) {
            return 0;
        }
        refill(now);
        if (tokens > 0) {
            return 0;
        }
        double missing = 1 - tokens;
        return Math.max(1, (long) Math.ceil(missing * NANOS_PER_SECOND / rate));
    }

    /** Takes {@code bytes} at {@code now}, leaving the bucket in debt if it held fewer. */
    public synchronized void take(long bytes, long now) {
        if (isUnlimited()) {
            return;
        }
        refill(now);
        tokens -= bytes;
    }

    private void refill(long now) {
        long elapsed = now - updated;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + (double) elapsed * rate / NANOS_PER_SECOND);
            updated = now;
        }
    }
}

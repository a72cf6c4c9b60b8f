package io.bitquark.seeder.rate;

/**
 * A rate limit in bytes per second, for uploads or downloads. Tokens accrue at {@code rate} per second up to a burst of a tenth
 * of a second's worth; a send may start while the bucket is positive and takes its whole size, so the bucket
 * may go into debt by one message. The long-run rate is exact, and a sender that finds the bucket empty is told
 * how long to wait rather than sleeping.
 *
 * <p>Thread-safe: the connections of one torrent, and of the whole process for the global limit, may run on
 * several event loops. A sender asks {@link #delayNanos} and then {@link #take}s, so with several loops the debt
 * is at most one message per loop. Time is passed in (nanoseconds, as from {@link System#nanoTime()}), so the
 * arithmetic can be specified without a clock.
 *
 * <p>The rate may be changed while the bucket is in use ({@link #rate(long, long)}): what accrued so far is kept,
 * up to the new burst, and the debt is kept, so a lowered limit holds from the next send.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private long rate;
    private double capacity;
    private double tokens;
    private long updated;

    /** A bucket of {@code rate} bytes per second, full at {@code now}; a rate of 0 is unlimited. */
    public TokenBucket(long rate, long now) {
        if (rate < 0) {
            throw new IllegalArgumentException("rate must not be negative, got " + rate);
        }
        this.rate = rate;
        this.capacity = burst(rate);
        this.tokens = capacity;
        this.updated = now;
    }

    /** A bucket that never limits. */
    public static TokenBucket unlimited() {
        return new TokenBucket(0, 0);
    }

    public synchronized long rate() {
        return rate;
    }

    public synchronized boolean isUnlimited() {
        return rate == 0;
    }

    /** Changes the rate at {@code now}; 0 is unlimited. */
    public synchronized void rate(long newRate, long now) {
        if (newRate < 0) {
            throw new IllegalArgumentException("rate must not be negative, got " + newRate);
        }
        refill(now);
        boolean wasUnlimited = rate == 0;
        rate = newRate;
        capacity = burst(newRate);
        tokens = wasUnlimited ? capacity : Math.min(capacity, tokens);
        updated = now;
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

    private static double burst(long rate) {
        return Math.max(1.0, rate / 10.0);
    }

    private void refill(long now) {
        long elapsed = now - updated;
        if (rate == 0) {
            updated = now;
            return;
        }
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + (double) elapsed * rate / NANOS_PER_SECOND);
            updated = now;
        }
    }
}

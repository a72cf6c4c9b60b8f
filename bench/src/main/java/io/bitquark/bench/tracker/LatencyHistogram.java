package io.bitquark.bench.tracker;

/**
 * Latencies in microseconds, bucketed log-linearly: exact below 128 µs, then 64 buckets per power of two
 * (at most 1.6 % wide), so a percentile is reported within 1.6 % of the true value and never below it.
 * Not thread-safe: one per thread, {@link #add merged} at the end.
 */
final class LatencyHistogram {

    private static final int EXACT = 128;
    private static final int SUB_BUCKETS = 64;
    private static final int MAX_SHIFT = 57;

    private final long[] counts = new long[EXACT + MAX_SHIFT * SUB_BUCKETS];
    private long total;
    private long max;

    void record(long micros) {
        long value = Math.max(0, micros);
        counts[index(value)]++;
        total++;
        max = Math.max(max, value);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The smallest bucket bound that at least {@code percent} % of the recorded values do not exceed; 0 when empty. */
    long percentile(double percent) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    static int index(long value) {
        if (value < EXACT) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - 6;
        int sub = (int) (value >>> shift);
        return EXACT + (shift - 1) * SUB_BUCKETS + (sub - SUB_BUCKETS);
    }

    /** The largest value that falls in bucket {@code index}. */
    static long upperBound(int index) {
        if (index < EXACT) {
            return index;
        }
        int shift = (index - EXACT) / SUB_BUCKETS + 1;
        long sub = (index - EXACT) % SUB_BUCKETS + SUB_BUCKETS;
        return ((sub + 1) << shift) - 1;
    }
}

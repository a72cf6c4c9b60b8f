package io.bitquark.seeder.announce;

import java.time.Duration;
import java.util.Random;

/**
 * The wait before announcing again after every tracker failed: exponential with "equal jitter". After the
 * n-th failure in a row the ceiling is {@code min(max, initial * 2^(n-1))} and the wait is drawn uniformly
 * from the upper half of it, {@code [ceiling / 2, ceiling]}, so that many torrents that failed together
 * (a tracker restart) do not come back together. Web seeds that fail back off by the same rule.
 */
public final class RetryBackoff {

    private final Duration initial;
    private final Duration max;
    private final Random random;

    public RetryBackoff(Duration initial, Duration max, Random random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry delays must be positive, the longest no shorter than the first");
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait after {@code failures} (at least 1) consecutive failures. */
    public Duration delay(int failures) {
        long ceiling = ceilingMillis(failures);
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half + 1)));
    }

    /** The largest wait after {@code failures} consecutive failures. */
    long ceilingMillis(int failures) {
        long ceiling = initial.toMillis();
        for (int i = 1; i < failures && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        return Math.min(ceiling, max.toMillis());
    }
}

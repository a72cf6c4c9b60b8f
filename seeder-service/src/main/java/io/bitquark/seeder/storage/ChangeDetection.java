package io.bitquark.seeder.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How reads notice that a file changed on disk since its pieces were verified: each file is stat'ed at
 * most once per {@code interval}, on a read of one of its pieces. A change (size or modification time)
 * makes each verified piece of the file re-verified on its next read, and withdrawn if it no longer
 * matches. A change is therefore noticed by the first read that comes at least {@code interval} after the
 * previous stat; reads in between serve what is on disk.
 *
 * @param enabled  off, files are never stat'ed while serving and a change is only seen by the next check
 * @param interval the shortest time between two stats of one file; zero stats on every read
 * @param clock    monotonic time in nanoseconds ({@link System#nanoTime()} outside tests)
 */
public record ChangeDetection(boolean enabled, Duration interval, LongSupplier clock) {

    /** libtorrent-like default: a second between stats of one file. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    public ChangeDetection {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(clock, "clock");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("negative interval " + interval);
        }
    }

    /** Stat each file at most once per {@code interval}, on the system's monotonic clock. */
    public static ChangeDetection every(Duration interval) {
        return new ChangeDetection(true, interval, System::nanoTime);
    }

    /** Never stat while serving. */
    public static ChangeDetection off() {
        return new ChangeDetection(false, DEFAULT_INTERVAL, System::nanoTime);
    }

    long intervalNanos() {
        return interval.toNanos();
    }
}

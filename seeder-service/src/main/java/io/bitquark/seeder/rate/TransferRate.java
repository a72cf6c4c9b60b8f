package io.bitquark.seeder.rate;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Bytes per second over the last few seconds: a ring of one-second buckets, updated without locks from any
 * thread. The rate is the sum of the complete buckets divided by their span, so it settles within
 * {@value #WINDOW_SECONDS} seconds of a change.
 */
public final class TransferRate {

    static final int WINDOW_SECONDS = 5;
    private static final int SLOTS = WINDOW_SECONDS + 1;

    private final AtomicLongArray bytes = new AtomicLongArray(SLOTS);
    private final AtomicLongArray second = new AtomicLongArray(SLOTS);
    private final LongSupplier nanoClock;

    public TransferRate() {
        this(System::nanoTime);
    }

    TransferRate(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    public void add(long count) {
        long now = nowSecond();
        int slot = (int) (now % SLOTS);
        long owner = second.get(slot);
        if (owner != now && second.compareAndSet(slot, owner, now)) {
            bytes.set(slot, 0);
        }
        bytes.addAndGet(slot, count);
    }

    /** Bytes per second over the last {@value #WINDOW_SECONDS} complete seconds. */
    public long perSecond() {
        long now = nowSecond();
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            long s = second.get(i);
            if (s < now && s >= now - WINDOW_SECONDS) {
                total += bytes.get(i);
            }
        }
        return total / WINDOW_SECONDS;
    }

    private long nowSecond() {
        return Math.floorDiv(nanoClock.getAsLong(), 1_000_000_000L) + WINDOW_SECONDS + 1;
    }
}

package io.bitquark.seeder.rate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TransferRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theRateIsTheAverageOfTheLastCompleteSeconds() {
        AtomicLong now = new AtomicLong(0);
        TransferRate rate = new TransferRate(now::get);
        for (int s = 0; s < TransferRate.WINDOW_SECONDS; s++) {
            now.set(s * SECOND);
            rate.add(1000);
            rate.add(1000);
        }
        now.set(TransferRate.WINDOW_SECONDS * SECOND);

        assertThat(rate.perSecond()).isEqualTo(2000);
    }

    @Test
    void theRateFallsToZeroWhenNothingMoves() {
        AtomicLong now = new AtomicLong(0);
        TransferRate rate = new TransferRate(now::get);
        rate.add(1_000_000);
        now.set(1 * SECOND);
        assertThat(rate.perSecond()).isEqualTo(1_000_000 / TransferRate.WINDOW_SECONDS);

        now.set((TransferRate.WINDOW_SECONDS + 2) * SECOND);
        assertThat(rate.perSecond()).isZero();
    }

    @Test
    void aSlotIsReusedOnlyForItsOwnSecond() {
        AtomicLong now = new AtomicLong(0);
        TransferRate rate = new TransferRate(now::get);
        rate.add(500);
        now.set((TransferRate.WINDOW_SECONDS + 1) * SECOND); // same slot, a whole ring later
        rate.add(7);
        now.set((TransferRate.WINDOW_SECONDS + 2) * SECOND);

        assertThat(rate.perSecond()).isEqualTo(7 / TransferRate.WINDOW_SECONDS);
    }
}

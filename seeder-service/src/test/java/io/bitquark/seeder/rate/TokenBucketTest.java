package io.bitquark.seeder.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void anUnlimitedBucketNeverDelays() {
        TokenBucket bucket = TokenBucket.unlimited();
        bucket.take(Long.MAX_VALUE / 2, 0);
        assertThat(bucket.delayNanos(0)).isZero();
        assertThat(bucket.isUnlimited()).isTrue();
    }

    @Test
    void startsWithATenthOfASecondsWorthAndLetsOneSendGoIntoDebt() {
        TokenBucket bucket = new TokenBucket(1000, 0);
        assertThat(bucket.delayNanos(0)).isZero();
        bucket.take(600, 0);
        assertThat(bucket.delayNanos(0)).as("100 tokens minus 600: 500 in debt").isEqualTo(501 * SECOND / 1000);
    }

    @Test
    void refillsAtTheRateAndAllowsTheNextSendOnceOutOfDebt() {
        TokenBucket bucket = new TokenBucket(1000, 0);
        bucket.take(600, 0);
        long wait = bucket.delayNanos(0);
        assertThat(bucket.delayNanos(wait - SECOND / 1000)).isPositive();
        assertThat(bucket.delayNanos(wait)).isZero();
    }

    @Test
    void neverHoldsMoreThanItsBurstHoweverLongItIdles() {
        TokenBucket bucket = new TokenBucket(1000, 0);
        bucket.take(100, 0);
        bucket.take(1100, 3600 * SECOND);
        assertThat(bucket.delayNanos(3600 * SECOND))
                .as("burst is 100, so 1000 in debt")
                .isEqualTo(1001 * SECOND / 1000);
    }

    @Test
    void overTenSecondsItLetsThroughTheRateTimesTenPlusItsBurstAndOneSend() {
        long rate = 4 * 1024 * 1024;
        TokenBucket bucket = new TokenBucket(rate, 0);
        long now = 0;
        long sent = 0;
        while (now < 10 * SECOND) {
            long delay = bucket.delayNanos(now);
            if (delay > 0) {
                now += delay;
                continue;
            }
            bucket.take(16397, now);
            sent += 16397;
        }
        assertThat(sent).isBetween(10 * rate, 10 * rate + rate / 10 + 16397);
    }

    @Test
    void refusesANegativeRate() {
        assertThatThrownBy(() -> new TokenBucket(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

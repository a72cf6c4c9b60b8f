package io.bitquark.seeder.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Exponential backoff with equal jitter between retry-initial and retry-max. */
class RetryBackoffTest {

    final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(15), Duration.ofMinutes(30), new Random(42));

    @Test
    void theCeilingDoublesFromTheFirstDelayUpToTheLongest() {
        assertThat(IntStream.rangeClosed(1, 10)
                        .mapToLong(backoff::ceilingMillis)
                        .toArray())
                .containsExactly(
                        15_000L,
                        30_000L,
                        60_000L,
                        120_000L,
                        240_000L,
                        480_000L,
                        960_000L,
                        1_800_000L,
                        1_800_000L,
                        1_800_000L);
    }

    @Test
    void eachDelayLiesInTheUpperHalfOfItsCeiling() {
        for (int failures = 1; failures <= 12; failures++) {
            long ceiling = backoff.ceilingMillis(failures);
            for (int draw = 0; draw < 200; draw++) {
                assertThat(backoff.delay(failures).toMillis()).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void delaysAreJitteredSoThatTorrentsThatFailedTogetherSpreadOut() {
        assertThat(IntStream.range(0, 50).mapToObj(i -> backoff.delay(3)).distinct())
                .hasSizeGreaterThan(40);
    }

    @Test
    void aLongestDelayShorterThanTheFirstIsRefused() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofMinutes(1), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

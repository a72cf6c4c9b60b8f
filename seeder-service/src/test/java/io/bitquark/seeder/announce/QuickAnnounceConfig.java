package io.bitquark.seeder.announce;

import io.bitquark.seeder.config.AnnounceConfig;
import java.time.Duration;

/** An {@link AnnounceConfig} with test-sized durations, changed one property at a time. */
record QuickAnnounceConfig(
        boolean enabled,
        int numwant,
        Duration defaultInterval,
        Duration minimumInterval,
        Duration retryInitial,
        Duration retryMax,
        Duration timeout,
        Duration stopTimeout)
        implements AnnounceConfig {

    static QuickAnnounceConfig fast() {
        return new QuickAnnounceConfig(
                true,
                0,
                Duration.ofMinutes(30),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(8),
                Duration.ofSeconds(2),
                Duration.ofSeconds(3));
    }

    QuickAnnounceConfig withMinimumInterval(Duration d) {
        return new QuickAnnounceConfig(
                enabled, numwant, defaultInterval, d, retryInitial, retryMax, timeout, stopTimeout);
    }

    QuickAnnounceConfig withRetry(Duration initial, Duration max) {
        return new QuickAnnounceConfig(
                enabled, numwant, defaultInterval, minimumInterval, initial, max, timeout, stopTimeout);
    }

    QuickAnnounceConfig withTimeout(Duration d) {
        return new QuickAnnounceConfig(
                enabled, numwant, defaultInterval, minimumInterval, retryInitial, retryMax, d, stopTimeout);
    }

    QuickAnnounceConfig withStopTimeout(Duration d) {
        return new QuickAnnounceConfig(
                enabled, numwant, defaultInterval, minimumInterval, retryInitial, retryMax, timeout, d);
    }
}

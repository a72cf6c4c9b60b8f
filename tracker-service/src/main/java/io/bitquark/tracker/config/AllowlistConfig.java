package io.bitquark.tracker.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The optional info-hash allowlist ({@code bitquark.tracker.allowlist.*}), like bttrack's {@code allowed_dir}. */
public interface AllowlistConfig {

    /** Whether only allowlisted info-hashes are tracked. Off by default. */
    @WithDefault("false")
    boolean enabled();

    /** How often each replica reloads the allowlist from the store (changes made on this replica apply at once). */
    @WithDefault("5s")
    Duration refresh();
}

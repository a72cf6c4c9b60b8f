package io.bitquark.tracker.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the Redis swarm store behaves ({@code bitquark.tracker.redis.*}); the connection is {@code quarkus.redis.*}. */
public interface RedisStoreConfig {

    /**
     * The longest an announce waits for Redis. After it, the client gets the failure reason
     * "tracker storage unavailable".
     */
    @WithDefault("1s")
    Duration timeout();
}

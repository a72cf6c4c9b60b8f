package io.bitquark.tracker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * tracker-service configuration, under {@code bitquark.tracker}. Every property can be set from the
 * environment, e.g. {@code BITQUARK_TRACKER_STORE=redis}. Each concern has its own group.
 */
@ConfigMapping(prefix = "bitquark.tracker")
public interface TrackerConfig {

    /** Where swarm state lives. */
    enum Store {
        /** Redis exactly when {@code quarkus.redis.hosts} is set, otherwise memory. */
        AUTO,
        /** In this process only, as opentracker keeps it: for a single node. */
        MEMORY,
        /** In Redis, shared by every replica. */
        REDIS
    }

    /**
     * The swarm store: {@code auto} uses Redis exactly when {@code quarkus.redis.hosts} is set; {@code memory}
     * keeps swarms in this process (single node); {@code redis} shares them between replicas.
     */
    @WithDefault("auto")
    Store store();

    /**
     * Bearer token required by the mutating admin endpoints ({@code /api/allowlist}). When unset, those
     * endpoints are open, which suits a tracker on a private network only.
     */
    Optional<String> adminToken();

    /** Whether to write one access-log line per announce on stdout. Turn it off for benchmarks. */
    @WithDefault("true")
    boolean accessLog();

    /** Announce behaviour. */
    AnnounceConfig announce();

    /** The HTTP front end. */
    HttpConfig http();

    /** The UDP front end (BEP 15). */
    UdpConfig udp();

    /** Scrape behaviour. */
    ScrapeConfig scrape();

    /** Redis behaviour. */
    RedisStoreConfig redis();

    /** The info-hash allowlist. */
    AllowlistConfig allowlist();
}

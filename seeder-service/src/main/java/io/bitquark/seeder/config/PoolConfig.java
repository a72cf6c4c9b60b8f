package io.bitquark.seeder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The seed pool ({@code bitquark.seeder.pool.*}): replicas that place, replicate and heal torrents together,
 * coordinating through the Redis of {@code quarkus.redis.hosts}. These names are the pool's contract.
 */
@ConfigMapping(prefix = "bitquark.seeder.pool")
public interface PoolConfig {

    /** Whether this replica is a pool member. Off, the seeder seeds what it is told, alone, and needs no Redis. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The member's stable identity: what placement hashes, so it must survive restarts (on Kubernetes, the
     * StatefulSet pod name). Absent: the host name.
     */
    Optional<String> memberId();

    /** R: how many members seed each torrent that is added without a count of its own. */
    @WithDefault("2")
    int replicas();

    /** How often a ready member beats into the membership set. */
    @WithDefault("PT2S")
    Duration heartbeat();

    /** After how long without a beat (by Redis {@code TIME}) a member is gone. */
    @WithDefault("PT10S")
    Duration memberTimeout();

    /**
     * How long after a member is gone its torrents are reassigned, so that a rolling restart does not start a
     * storm of copies.
     */
    @WithDefault("PT15S")
    Duration grace();

    /** How many torrents a member fetches at a time for rebalancing; heals after a loss do not count. */
    @WithDefault("2")
    int maxConcurrentMoves();

    /** The member's zone (a Kubernetes {@code topology.kubernetes.io/zone}): owners are spread over zones. */
    Optional<String> zone();

    /** The member's placement weight: a member of weight 200 holds twice the torrents of one of weight 100. */
    @WithDefault("100")
    int weight();

    /**
     * The peer-wire address ({@code host:port}) other members dial to fetch from this one. Absent: the
     * {@code announce-ip}, else the host name, with the bound peer-wire port (on Kubernetes, the pod's name in the
     * headless Service, {@code seeder-0.seeder:6881}, is a stable choice).
     */
    Optional<String> address();
}

package io.bitquark.seeder.pool;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.bitquark.seeder.config.PoolConfig;
import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.health.SeederReadiness;
import io.bitquark.seeder.torrent.SeederLifecycle;
import io.bitquark.seeder.torrent.TorrentSession;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * The seed pool of this replica, when {@code bitquark.seeder.pool.enabled}: the store on the Redis of
 * {@code quarkus.redis.hosts} (resolved only then, so a seeder without a pool needs no Redis), this member's
 * {@link PoolCoordinator}, and what the {@code /pool} API asks of the pool. Every call of a replica that is not a
 * member fails with {@link PoolException.Kind#DISABLED}.
 */
@ApplicationScoped
public class PoolService {

    private static final Logger LOG = Logger.getLogger(PoolService.class);

    private final PoolConfig config;
    private final SeederConfig seeder;
    private final TorrentSession session;
    private final SeederLifecycle lifecycle;
    private final SeederReadiness readiness;
    private final Instance<Redis> redis;
    private final MeterRegistry registry;

    private volatile PoolStore store;
    private volatile PoolCoordinator coordinator;

    public PoolService(
            PoolConfig config,
            SeederConfig seeder,
            TorrentSession session,
            SeederLifecycle lifecycle,
            @Readiness SeederReadiness readiness,
            Instance<Redis> redis,
            MeterRegistry registry) {
        this.registry = registry;
        this.config = config;
        this.seeder = seeder;
        this.session = session;
        this.lifecycle = lifecycle;
        this.readiness = readiness;
        this.redis = redis;
    }

    /** Joins the pool once the peer wire is bound (after the lifecycle's own start). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        store = new RedisPoolStore(redis.get(), seeder.maxTorrentSize(), Duration.ofSeconds(2));
        PoolMember self = new PoolMember(
                config.memberId().orElseGet(PoolService::hostName),
                config.address()
                        .orElseGet(
                                () -> seeder.announceIp().orElseGet(PoolService::hostName) + ":" + session.peerPort()),
                config.zone(),
                config.weight());
        coordinator = new PoolCoordinator(
                store,
                self,
                config.heartbeat(),
                config.memberTimeout(),
                config.grace(),
                config.maxConcurrentMoves(),
                session,
                () -> readiness.call().getStatus() == HealthCheckResponse.Status.UP,
                lifecycle::addPeers);
        PoolMetrics.register(registry, coordinator);
        coordinator.start();
    }

    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION + 400) ShutdownEvent event) {
        PoolCoordinator c = coordinator;
        if (c != null) {
            c.close();
        }
    }

    /** Whether this replica is a pool member. */
    public boolean enabled() {
        return store != null;
    }

    /** The store, or {@link PoolException.Kind#DISABLED}. */
    public PoolStore store() {
        PoolStore s = store;
        if (s == null) {
            throw new PoolException(
                    PoolException.Kind.DISABLED,
                    "this replica is not a seed pool member (bitquark.seeder.pool.enabled is false)");
        }
        return s;
    }

    /** This member's coordinator, once started. */
    public Optional<PoolCoordinator> coordinator() {
        return Optional.ofNullable(coordinator);
    }

    /** The pool now. */
    public PoolSnapshot snapshot() {
        return new PoolSnapshots(store(), config.memberTimeout(), config.grace())
                .read()
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    /**
     * Adds a .torrent to the pool with replica count {@code replicas} (the pool's default when null).
     *
     * @return its info-hash (lower-case hex: the v1 hash, or the v2 hash of a v2-only torrent)
     */
    public String add(byte[] torrent, Integer replicas) {
        PoolStore s = store();
        Metainfo metainfo;
        try {
            metainfo = MetainfoParser.lenient().parse(torrent);
        } catch (MetainfoException e) {
            throw new PoolException(PoolException.Kind.INVALID, "not a torrent: " + e.getMessage(), e);
        }
        if (metainfo.hasUnsafePaths()) {
            throw new PoolException(
                    PoolException.Kind.INVALID, "the torrent names unsafe paths: " + metainfo.unsafePaths());
        }
        String infoHash = metainfo.primaryInfoHash().hex();
        int r = replicas == null ? config.replicas() : replicas;
        boolean added =
                s.addTorrent(infoHash, torrent, r, metainfo.totalSize()).await().atMost(Duration.ofSeconds(10));
        LOG.infof("pool: torrent %s (%s) %s, R=%d", infoHash, metainfo.name(), added ? "added" : "already in", r);
        return infoHash;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(
                    "no host name for the pool member id: set bitquark.seeder.pool.member-id", e);
        }
    }
}

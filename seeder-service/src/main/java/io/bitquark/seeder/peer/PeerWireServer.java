package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.FrameLimits;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.seeder.config.ChokingConfig;
import io.bitquark.seeder.config.PeerWireConfig;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.BindException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The peer-wire server: one TCP port for every torrent this process seeds (BEP 3, with BEP 6, 9 and 10).
 *
 * <p>{@link #start} binds the first free port of a range, as the original client tried 6881 to 6889; port 0
 * binds an ephemeral port. All connections, timers and choking run on one Vert.x event loop, owned by a verticle
 * this server deploys; block reads run on the worker threads of {@link ServedTorrent#readBlock}. Two periodic
 * timers serve every torrent: a sweep (timeouts, keep-alives, rates) and, for round-robin choking, the rechoke.
 *
 * <p>The query methods ({@link #peers}, {@link #connectionCount}, {@link #port}) may be called from any thread
 * and see a recent state; the commands return futures completed on the event loop once done.
 */
public final class PeerWireServer {

    private static final Logger LOG = Logger.getLogger(PeerWireServer.class);
    private static final long RATE_SAMPLE_NANOS = 1_000_000_000L;

    private final Vertx vertx;
    private final TorrentDirectory directory;
    private final PeerWireConfig config;
    private final ChokingConfig choking;
    private final PeerId localId;
    private final PeerWireListener listener;
    private final PeerRegistry registry;
    private volatile PeerWireRuntime runtime;
    private volatile NetServer server;
    private volatile String deploymentId;
    private long lastRateSample;

    public PeerWireServer(
            Vertx vertx,
            TorrentDirectory directory,
            PeerWireConfig config,
            ChokingConfig choking,
            PeerId localId,
            PeerWireListener listener) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.config = Objects.requireNonNull(config, "config");
        this.choking = Objects.requireNonNull(choking, "choking");
        this.localId = Objects.requireNonNull(localId, "localId");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.registry = new PeerRegistry(config, choking, System.nanoTime());
    }

    /**
     * Binds {@code host} on {@code firstPort}, or when that port is in use on the next one, up to
     * {@code lastPort}; completes with the bound port. {@code firstPort} 0 binds an ephemeral port.
     */
    public Future<Integer> start(String host, int firstPort, int lastPort) {
        if (deploymentId != null) {
            return Future.failedFuture(new IllegalStateException("the peer-wire server is already started"));
        }
        Promise<Integer> bound = Promise.promise();
        vertx.deployVerticle(new Loop(host, firstPort, Math.max(firstPort, lastPort), bound))
                .onSuccess(id -> deploymentId = id)
                .onFailure(bound::tryFail);
        return bound.future();
    }

    /** The bound port, or -1 before {@link #start} completes. */
    public int port() {
        NetServer s = server;
        return s == null ? -1 : s.actualPort();
    }

    /** Open connections, handshaken or not. */
    public int connectionCount() {
        return registry.size();
    }

    /** The peers connected for the torrent with id {@code torrentId} ({@link ServedTorrent#id()}). */
    public List<PeerSnapshot> peers(String torrentId) {
        Swarm swarm = registry.swarm(torrentId);
        if (swarm == null) {
            return Collections.emptyList();
        }
        return swarm.peers().stream().map(PeerConnection::snapshot).collect(Collectors.toList());
    }

    public List<PeerSnapshot> peers(ServedTorrent torrent) {
        return peers(torrent.id());
    }

    /** Sends {@code have} for {@code pieceIndex} to every peer of the torrent (a piece became available). */
    public Future<Void> havePiece(ServedTorrent torrent, int pieceIndex) {
        return onLoop(() -> {
            Swarm swarm = registry.swarm(torrent.id());
            if (swarm != null) {
                swarm.peers().forEach(peer -> peer.have(pieceIndex));
            }
        });
    }

    /** Closes every connection of the torrent (removed or paused); new ones are refused while it is not accepting. */
    public Future<Void> disconnectAll(ServedTorrent torrent) {
        return onLoop(() -> {
            Swarm swarm = registry.swarm(torrent.id());
            if (swarm != null) {
                swarm.peers().forEach(peer -> peer.close(DisconnectReason.TORRENT_STOPPED));
            }
        });
    }

    /** Closes every connection, unbinds the port and stops the event-loop verticle. */
    public Future<Void> close() {
        String id = deploymentId;
        if (id == null) {
            return Future.succeededFuture();
        }
        return onLoop(() -> registry.connections().forEach(peer -> peer.close(DisconnectReason.SERVER_CLOSED)))
                .compose(v -> server == null ? Future.succeededFuture() : server.close())
                .compose(v -> vertx.undeploy(id))
                .onComplete(v -> {
                    deploymentId = null;
                    server = null;
                });
    }

    private Future<Void> onLoop(Runnable action) {
        PeerWireRuntime r = runtime;
        if (r == null) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        r.context().runOnContext(v -> {
            action.run();
            done.complete();
        });
        return done.future();
    }

    /** The verticle that owns the event loop: binds, accepts, and runs the timers. */
    private final class Loop extends AbstractVerticle {
        private final String host;
        private final int firstPort;
        private final int lastPort;
        private final Promise<Integer> bound;

        Loop(String host, int firstPort, int lastPort, Promise<Integer> bound) {
            this.host = host;
            this.firstPort = firstPort;
            this.lastPort = lastPort;
            this.bound = bound;
        }

        @Override
        public void start(Promise<Void> started) {
            Context context = vertx.getOrCreateContext();
            runtime = new PeerWireRuntime(
                    context,
                    config,
                    directory,
                    listener,
                    localId,
                    clientVersion(),
                    registry,
                    new RequestPolicy(config.maxBlockLength(), config.maxOutstandingRequests()),
                    frameLimits());
            bind(firstPort)
                    .onSuccess(s -> {
                        server = s;
                        startTimers();
                        LOG.infof("peer wire listening on %s:%d", host, s.actualPort());
                        started.complete();
                        bound.complete(s.actualPort());
                    })
                    .onFailure(e -> {
                        started.fail(e);
                        bound.tryFail(e);
                    });
        }

        private Future<NetServer> bind(int port) {
            NetServerOptions options =
                    new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true);
            NetServer candidate = vertx.createNetServer(options).connectHandler(PeerWireServer.this::accepted);
            return candidate.listen(port, host).recover(e -> {
                candidate.close();
                if (port != 0 && addressInUse(e)) {
                    if (port < lastPort) {
                        LOG.infof("peer-wire port %d is in use, trying %d", port, port + 1);
                        return bind(port + 1);
                    }
                    return Future.failedFuture(rangeInUse(e));
                }
                return Future.failedFuture(e);
            });
        }

        /** Names the whole range tried, so that an operator knows which ports to free or which setting to change. */
        private BindException rangeInUse(Throwable cause) {
            String taken = firstPort == lastPort
                    ? "port " + firstPort + " is in use"
                    : "ports " + firstPort + " to " + lastPort + " are all in use";
            BindException e = new BindException("no free peer-wire port on " + host + ": " + taken);
            e.initCause(cause);
            return e;
        }

        private void startTimers() {
            long sweep = sweepPeriod().toMillis();
            lastRateSample = System.nanoTime();
            vertx.setPeriodic(sweep, id -> sweep());
            if (choking.algorithm() == ChokingConfig.Algorithm.ROUND_ROBIN) {
                Duration period = min(choking.unchokeInterval(), choking.optimisticInterval());
                vertx.setPeriodic(Math.max(1, period.toMillis()), id -> rechoke());
            }
        }
    }

    private void accepted(NetSocket socket) {
        PeerConnection connection = new PeerConnection(runtime, socket, System.nanoTime());
        if (!registry.admit(connection)) {
            connection.refuse(DisconnectReason.CONNECTION_LIMIT);
            return;
        }
        connection.start();
    }

    private void sweep() {
        long now = System.nanoTime();
        boolean sampleRates = now - lastRateSample >= RATE_SAMPLE_NANOS;
        for (PeerConnection connection : registry.connections()) {
            connection.sweep(now);
            if (sampleRates) {
                connection.sampleRate(now - lastRateSample);
            }
        }
        if (sampleRates) {
            lastRateSample = now;
        }
    }

    private void rechoke() {
        long now = System.nanoTime();
        for (Swarm swarm : registry.swarms()) {
            swarm.choker().tick(now);
        }
    }

    /** Often enough to honour the shortest timeout within a quarter of it, at most once a second. */
    private Duration sweepPeriod() {
        Duration shortest = min(min(config.handshakeTimeout(), config.idleTimeout()), config.keepAliveInterval());
        Duration quarter = shortest.dividedBy(4);
        if (quarter.compareTo(Duration.ofMillis(10)) < 0) {
            return Duration.ofMillis(10);
        }
        return min(quarter, Duration.ofSeconds(1));
    }

    private FrameLimits frameLimits() {
        FrameLimits defaults = FrameLimits.defaults();
        return new FrameLimits(
                config.maxBlockLength(),
                defaults.maxBitfieldLength(),
                defaults.maxExtendedLength(),
                defaults.maxUnknownLength());
    }

    private String clientVersion() {
        return localId.client().map(PeerId.Client::toString).orElse("BitQuark");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static boolean addressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }
}

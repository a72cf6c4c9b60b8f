package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.FrameLimits;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.seeder.config.ChokingConfig;
import io.bitquark.seeder.config.PeerEncryption;
import io.bitquark.seeder.config.PeerWireConfig;
import io.bitquark.seeder.rate.Throttle;
import io.bitquark.seeder.rate.TokenBucket;
import io.bitquark.seeder.upload.Uploads;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The peer-wire server: one TCP port for every torrent this process seeds (BEP 3, with BEP 6, 9 and 10), and the
 * connections we open to peers ({@link #connect}).
 *
 * <p>{@link #start} binds the first free port of a range, as the original client tried 6881 to 6889; port 0
 * binds an ephemeral port. The server runs one listener verticle per event loop ({@code event-loops}, by default
 * as many as Vert.x has), all on that port: Vert.x hands each new connection to the next listener, and the
 * connection stays on that listener's loop for its whole life, its timers and choking included. Round-robin
 * choking runs everything on one loop, as its choker hands slots between a torrent's peers. Block reads run on
 * the worker threads of {@link ServedTorrent#readBlock}. Each loop runs one sweep timer (timeouts, keep-alives,
 * rates) for its connections; round-robin choking adds one rechoke timer for all torrents.
 *
 * <p>The query methods ({@link #peers}, {@link #connectionCount}, {@link #port}) may be called from any thread
 * and see a recent state; the commands return futures completed once every loop has done its part.
 */
public final class PeerWireServer {

    private static final Logger LOG = Logger.getLogger(PeerWireServer.class);
    private static final long RATE_SAMPLE_NANOS = 1_000_000_000L;
    /**
     * Vert.x shares a port between servers that listen on the same port, except port 0: each of those gets its own.
     * Servers that listen on the same negative number share one random port; each server takes its own number.
     */
    private static final AtomicInteger SHARED_RANDOM_PORTS = new AtomicInteger();

    private final Vertx vertx;
    private final PeerWireConfig config;
    private final Uploads uploads;
    private final PeerRegistry registry;
    private final PeerWireRuntime runtime;
    private final int eventLoops;
    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile int port = -1;

    public PeerWireServer(
            Vertx vertx,
            TorrentDirectory directory,
            PeerWireConfig config,
            ChokingConfig choking,
            PeerId localId,
            PeerWireListener listener) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(choking, "choking");
        Objects.requireNonNull(localId, "localId");
        this.uploads = new Uploads(config, choking, System.nanoTime());
        this.registry = new PeerRegistry(config, uploads);
        this.runtime = new PeerWireRuntime(
                config,
                Objects.requireNonNull(directory, "directory"),
                Objects.requireNonNull(listener, "listener"),
                localId,
                localId.client().map(PeerId.Client::toString).orElse("BitQuark"),
                registry,
                uploads,
                new TokenBucket(choking.downloadRateLimit(), System.nanoTime()),
                frameLimits(config));
        int configured = config.eventLoops().orElse(eventLoopCount(vertx));
        if (configured < 1) {
            throw new IllegalArgumentException(
                    "bitquark.seeder.peer.event-loops must be at least 1, got " + configured);
        }
        this.eventLoops = uploads.needsOneEventLoop() ? 1 : configured;
    }

    /**
     * Binds {@code host} on {@code firstPort}, or when that port is in use on the next one, up to
     * {@code lastPort}; completes with the bound port. {@code firstPort} 0 binds an ephemeral port. The first
     * listener finds the port; the others then listen on it too.
     */
    public Future<Integer> start(String host, int firstPort, int lastPort) {
        if (!deployments.isEmpty()) {
            return Future.failedFuture(new IllegalStateException("the peer-wire server is already started"));
        }
        Promise<Integer> bound = Promise.promise();
        int random = firstPort == 0 ? -SHARED_RANDOM_PORTS.incrementAndGet() : 0;
        vertx.deployVerticle(new Loop(host, firstPort == 0 ? random : firstPort, Math.max(firstPort, lastPort)))
                .compose(id -> {
                    deployments.add(id);
                    int actual = loops.get(0).server.actualPort();
                    if (eventLoops == 1) {
                        return Future.succeededFuture(actual);
                    }
                    int shared = firstPort == 0 ? random : actual;
                    return vertx.deployVerticle(
                                    () -> new Loop(host, shared, shared),
                                    new DeploymentOptions().setInstances(eventLoops - 1))
                            .map(more -> {
                                deployments.add(more);
                                return actual;
                            });
                })
                .onSuccess(actual -> {
                    port = actual;
                    LOG.infof("peer wire listening on %s:%d (%d event loops)", host, actual, loops.size());
                    bound.complete(actual);
                })
                .onFailure(e -> close().onComplete(v -> bound.fail(e)));
        return bound.future();
    }

    /** The bound port, or -1 before {@link #start} completes. */
    /** The download limits a transfer of {@code torrent} is charged to (a web seed's as much as a peer's). */
    public Throttle downloadThrottle(ServedTorrent torrent) {
        return runtime.downloadThrottle(torrent);
    }

    public int port() {
        return port;
    }

    /** The event loops the server runs on once started: one listener each. */
    public int eventLoops() {
        return eventLoops;
    }

    /** Open connections, handshaken or not. */
    public int connectionCount() {
        return registry.size();
    }

    /** The peers connected for the torrent with id {@code torrentId} ({@link ServedTorrent#id()}). */
    public List<PeerSnapshot> peers(String torrentId) {
        Swarm swarm = registry.swarm(torrentId);
        if (swarm == null) {
            return List.of();
        }
        return swarm.peers().stream().map(PeerSession::snapshot).collect(Collectors.toList());
    }

    public List<PeerSnapshot> peers(ServedTorrent torrent) {
        return peers(torrent.id());
    }

    /**
     * Opens a connection to the peer at {@code host}:{@code port} for {@code torrent} and runs the handshake as
     * the initiator: ours first (in plain text, or within an MSE/PE opening as {@code bitquark.seeder.peer.encryption}
     * says), then theirs, which must carry the torrent's info-hash and a peer id
     * other than ours. Completes with the peer's id once the connection is a peer like an accepted one; fails
     * with a {@link PeerConnectException} when the torrent takes no peers now, the TCP connect fails (within the
     * handshake timeout) or the connection ends before.
     */
    public Future<PeerId> connect(ServedTorrent torrent, String host, int port) {
        PeerEncryption encryption = config.encryption();
        return connect(torrent, host, port, !encryption.allowsPlainHandshake(), encryption == PeerEncryption.ENABLED);
    }

    /**
     * @param encrypted whether to open with MSE/PE rather than a plain handshake
     * @param retryEncrypted whether a peer that closes the connection on our plain handshake before answering is
     *     dialled once more, with MSE/PE
     */
    private Future<PeerId> connect(
            ServedTorrent torrent, String host, int port, boolean encrypted, boolean retryEncrypted) {
        List<Loop> running = List.copyOf(loops);
        if (running.isEmpty()) {
            return Future.failedFuture(new IllegalStateException("the peer-wire server is not started"));
        }
        if (!torrent.accepting()) {
            return Future.failedFuture(new PeerConnectException(DisconnectReason.TORRENT_NOT_ACCEPTING));
        }
        Loop loop = running.get(Math.floorMod(nextLoop.getAndIncrement(), running.size()));
        Promise<PeerId> result = Promise.promise();
        loop.eventLoop.runOnContext(v -> loop.client.connect(port, host).onComplete(connected -> {
            if (connected.failed()) {
                result.fail(new PeerConnectException(
                        "cannot connect to " + host + ":" + port + ": "
                                + connected.cause().getMessage(),
                        connected.cause()));
                return;
            }
            PeerSession session = PeerSession.initiated(
                    runtime, loop.eventLoop, connected.result(), torrent, encrypted, System.nanoTime());
            session.established().onComplete(done -> {
                if (done.failed() && retryEncrypted && session.refusedPlainHandshake()) {
                    LOG.debugf("peer %s:%d closed on our plain handshake; dialling again with MSE/PE", host, port);
                    connect(torrent, host, port, true, false).onComplete(result);
                } else {
                    result.handle(done);
                }
            });
            open(session);
        }));
        return result.future();
    }

    /** Sends {@code have} for {@code pieceIndex} to every peer of the torrent (a piece became available). */
    public Future<Void> havePiece(ServedTorrent torrent, int pieceIndex) {
        return onEveryLoop(() -> peersOf(torrent), peer -> peer.have(pieceIndex));
    }

    /** Closes every connection of the torrent (removed or paused); new ones are refused while it is not accepting. */
    public Future<Void> disconnectAll(ServedTorrent torrent) {
        return onEveryLoop(() -> peersOf(torrent), peer -> peer.close(DisconnectReason.TORRENT_STOPPED));
    }

    /** Closes every connection, unbinds the port and stops the event-loop verticles. */
    public Future<Void> close() {
        List<String> ids = List.copyOf(deployments);
        return onEveryLoop(registry::connections, peer -> peer.close(DisconnectReason.SERVER_CLOSED))
                .compose(v -> Future.all(ids.stream().map(vertx::undeploy).collect(Collectors.toList())))
                .<Void>mapEmpty()
                .onComplete(v -> {
                    deployments.removeAll(ids);
                    loops.clear();
                    port = -1;
                });
    }

    private Collection<PeerSession> peersOf(ServedTorrent torrent) {
        Swarm swarm = registry.swarm(torrent.id());
        return swarm == null ? List.of() : swarm.peers();
    }

    /**
     * Runs {@code action} on each event loop for the sessions of {@code sessions} that live there, taken on that
     * loop, so that a session that joined just before is included; completes once every loop has run it.
     */
    private Future<Void> onEveryLoop(Supplier<Collection<PeerSession>> sessions, Consumer<PeerSession> action) {
        List<Future<Void>> done = new ArrayList<>();
        for (Loop loop : loops) {
            Promise<Void> ran = Promise.promise();
            loop.eventLoop.runOnContext(v -> {
                for (PeerSession session : sessions.get()) {
                    if (session.context() == loop.eventLoop) {
                        action.accept(session);
                    }
                }
                ran.complete();
            });
            done.add(ran.future());
        }
        return Future.all(done).mapEmpty();
    }

    private void open(PeerSession session) {
        if (!registry.admit(session)) {
            session.refuse(DisconnectReason.CONNECTION_LIMIT);
            return;
        }
        session.start();
    }

    /** One listener: binds (or shares) the port, accepts onto its event loop, connects out from it, runs its timers. */
    private final class Loop extends AbstractVerticle {
        private final String host;
        private final int firstPort;
        private final int lastPort;
        private Context eventLoop;
        private NetServer server;
        private NetClient client;
        private long lastRateSample;

        Loop(String host, int firstPort, int lastPort) {
            this.host = host;
            this.firstPort = firstPort;
            this.lastPort = lastPort;
        }

        @Override
        public void start(Promise<Void> started) {
            eventLoop = vertx.getOrCreateContext();
            client = vertx.createNetClient(
                    new NetClientOptions().setTcpNoDelay(true).setConnectTimeout((int) Math.min(
                            Integer.MAX_VALUE, config.handshakeTimeout().toMillis())));
            bind(firstPort)
                    .onSuccess(s -> {
                        server = s;
                        startTimers();
                        loops.add(this);
                        started.complete();
                    })
                    .onFailure(started::fail);
        }

        @Override
        public void stop(Promise<Void> stopped) {
            Future<Void> unbound = server == null ? Future.succeededFuture() : server.close();
            Future.all(unbound, client.close()).<Void>mapEmpty().onComplete(stopped);
        }

        private Future<NetServer> bind(int port) {
            NetServerOptions options =
                    new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true);
            NetServer candidate = vertx.createNetServer(options).connectHandler(this::accepted);
            return candidate.listen(port, host).recover(e -> {
                candidate.close();
                if (port > 0 && addressInUse(e)) {
                    if (port < lastPort) {
                        LOG.infof("peer-wire port %d is in use, trying %d", port, port + 1);
                        return bind(port + 1);
                    }
                    return Future.failedFuture(rangeInUse(e));
                }
                return Future.failedFuture(e);
            });
        }

        private void accepted(NetSocket socket) {
            open(PeerSession.accepted(runtime, eventLoop, socket, System.nanoTime()));
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
            lastRateSample = System.nanoTime();
            vertx.setPeriodic(sweepPeriod().toMillis(), id -> sweep());
            // Only round-robin choking rechokes on a timer, and it runs on one loop: this one.
            uploads.rechokeInterval()
                    .ifPresent(period -> vertx.setPeriodic(Math.max(1, period.toMillis()), id -> rechoke()));
        }

        /** Timeouts, keep-alives and rates of the connections on this loop. */
        private void sweep() {
            long now = System.nanoTime();
            boolean sampleRates = now - lastRateSample >= RATE_SAMPLE_NANOS;
            for (PeerSession session : registry.connections()) {
                if (session.context() != eventLoop) {
                    continue;
                }
                session.sweep(now);
                if (sampleRates) {
                    session.sampleRate(now - lastRateSample);
                }
            }
            if (sampleRates) {
                lastRateSample = now;
            }
        }
    }

    private void rechoke() {
        long now = System.nanoTime();
        for (Swarm swarm : registry.swarms()) {
            swarm.upload().tick(now);
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

    private static FrameLimits frameLimits(PeerWireConfig config) {
        FrameLimits defaults = FrameLimits.defaults();
        return new FrameLimits(
                config.maxBlockLength(),
                defaults.maxBitfieldLength(),
                defaults.maxExtendedLength(),
                defaults.maxUnknownLength());
    }

    /** The event loops of {@code vertx}'s pool, or Vert.x's default pool size for an implementation it cannot see. */
    private static int eventLoopCount(Vertx vertx) {
        if (!(vertx instanceof VertxInternal internal)) {
            return VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        }
        int count = 0;
        for (EventExecutor ignored : internal.getEventLoopGroup()) {
            count++;
        }
        return count;
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

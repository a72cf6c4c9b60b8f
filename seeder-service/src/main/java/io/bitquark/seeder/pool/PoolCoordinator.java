package io.bitquark.seeder.pool;

import io.bitquark.protocol.magnet.MagnetException;
import io.bitquark.protocol.magnet.PeerAddress;
import io.bitquark.seeder.torrent.ManagedTorrent;
import io.bitquark.seeder.torrent.TorrentException;
import io.bitquark.seeder.torrent.TorrentLimits;
import io.bitquark.seeder.torrent.TorrentSession;
import io.bitquark.seeder.torrent.TorrentState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * This member's part in the pool, once per heartbeat, on a thread of its own (it waits for the store; it never runs
 * on an event loop):
 *
 * <pre>
 * ready?  --no--&gt;  nothing (a member that is not ready never beats)
 *   | yes
 * beat (Redis TIME)  --refused: the id beats from another address--&gt;  log it, do nothing else
 *   |                --store unavailable--&gt;  keep seeding what it has; nothing is deleted or reassigned
 * read the pool (members, drained, catalog, copies)
 * report its own copies that changed (fetching with progress, seeding)
 * plan ({@link PoolPlanner}): fetch what it owns and lacks, delete what the owners now seed; nothing while
 *   the store has answered for less than one member timeout
 * </pre>
 *
 * <p>Its copies are the torrents of its {@link TorrentSession} under {@code <data-root>/pool/<info-hash>}: a fetch
 * adds one there with {@code download=true}, dialling the members that hold copies; a delete removes it with its
 * data.
 */
public final class PoolCoordinator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PoolCoordinator.class);

    /** Where a pool copy lives, under the data root. */
    public static String dataPath(String infoHash) {
        return "pool/" + infoHash;
    }

    private final PoolStore store;
    private final PoolSnapshots snapshots;
    private final PoolPlanner planner;
    private final PoolMember self;
    private final Duration heartbeat;
    private final Duration memberTimeout;
    private final Duration grace;
    private final TorrentSession session;
    private final BooleanSupplier ready;
    private final BiConsumer<ManagedTorrent, List<InetSocketAddress>> dial;
    private final ScheduledExecutorService loop;

    private final Map<String, CopyState> reported = new HashMap<>();
    /** When the store answered after the last time it did not (store time, ms); -1 while it does not answer. */
    private long answeringSince = -1;

    private long lastRepair;
    /** Whether this member is drained and holds nothing the pool needs, as the last round saw it. */
    private boolean drainDone;

    private volatile Status status = new Status(false, false, "not started", 0);
    /** The pool as the last round read it, for the metrics; null before the first read. */
    private volatile PoolSnapshot lastRead;

    /** What the pool's health data shows. */
    public record Status(boolean storeUp, boolean settled, String problem, int copies) {}

    /**
     * @param ready whether this member is ready (its readiness check is up)
     * @param dial gives a downloading torrent peers to connect to
     */
    public PoolCoordinator(
            PoolStore store,
            PoolMember self,
            Duration heartbeat,
            Duration memberTimeout,
            Duration grace,
            int maxConcurrentMoves,
            TorrentSession session,
            BooleanSupplier ready,
            BiConsumer<ManagedTorrent, List<InetSocketAddress>> dial) {
        this.store = store;
        this.self = self;
        this.heartbeat = heartbeat;
        this.memberTimeout = memberTimeout;
        this.grace = grace;
        this.session = session;
        this.ready = ready;
        this.dial = dial;
        this.snapshots = new PoolSnapshots(store, memberTimeout, grace);
        this.planner = new PoolPlanner(maxConcurrentMoves);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bitquark-pool");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts beating and reconciling every heartbeat. */
    public void start() {
        loop.scheduleWithFixedDelay(this::safeTick, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("pool member %s at %s: beating every %s", self.id(), self.address(), heartbeat);
    }

    public PoolMember self() {
        return self;
    }

    public Status status() {
        return status;
    }

    /** The pool as the last round read it (empty before the first read): what the metrics show. */
    public Optional<PoolSnapshot> lastRead() {
        return Optional.ofNullable(lastRead);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warnf(e, "pool member %s: a round failed", self.id());
        }
    }

    /** One round: beat, read, report, plan, act. */
    void tick() {
        if (!ready.getAsBoolean()) {
            status = new Status(status.storeUp(), false, "not ready: not beating", status.copies());
            return;
        }
        long now;
        try {
            now = await(store.beat(self, memberTimeout, memberTimeout.plus(grace)));
        } catch (PoolException e) {
            if (e.kind() == PoolException.Kind.MEMBER_ID_TAKEN) {
                LOG.errorf("pool member %s refused: %s", self.id(), e.getMessage());
                status = new Status(true, false, e.getMessage(), status.copies());
            } else {
                if (answeringSince >= 0) {
                    LOG.warnf(
                            "pool member %s: the pool's store does not answer (%s); seeding goes on",
                            self.id(), e.getMessage());
                }
                answeringSince = -1;
                status = new Status(false, false, e.getMessage(), status.copies());
            }
            return;
        }
        if (answeringSince < 0) {
            answeringSince = now;
            reported.clear(); // report every copy again: the store may have lost them
        }
        boolean settled = now - answeringSince >= memberTimeout.toMillis();
        try {
            PoolSnapshot pool = await(snapshots.read());
            lastRead = pool;
            Map<String, ManagedTorrent> copies = localCopies();
            Map<String, CopyState> local = new HashMap<>();
            copies.forEach((id, t) -> local.put(id, stateOf(t)));
            report(pool, local, now);
            for (PoolPlanner.Action action : planner.plan(pool, self.id(), local, settled)) {
                act(action, copies);
            }
            dialSources(pool, copies);
            reportDrain(pool, copies.size());
            status = new Status(true, settled, settled ? null : "settling: waiting one member timeout", copies.size());
        } catch (PoolException e) {
            answeringSince = -1;
            status = new Status(false, false, e.getMessage(), status.copies());
        }
    }

    /** The torrents of the session that are pool copies, by info-hash. */
    private Map<String, ManagedTorrent> localCopies() {
        Map<String, ManagedTorrent> copies = new HashMap<>();
        for (ManagedTorrent t : session.torrents()) {
            if (t.record().dataPath().equals(dataPath(t.id()))) {
                copies.put(t.id(), t);
            }
        }
        return copies;
    }

    private static CopyState stateOf(ManagedTorrent t) {
        if (t.state() == TorrentState.SEEDING) {
            return CopyState.seeding();
        }
        int pieces = t.pieceCount();
        return CopyState.fetching(pieces == 0 ? 0 : Math.min(1.0, (double) t.piecesHave() / pieces));
    }

    /** Reports the copies that changed (all of them again every member timeout), and drops those it no longer has. */
    private void report(PoolSnapshot pool, Map<String, CopyState> local, long now) {
        boolean repair = now - lastRepair >= memberTimeout.toMillis();
        if (repair) {
            lastRepair = now;
        }
        for (Map.Entry<String, CopyState> copy : local.entrySet()) {
            String hash = copy.getKey();
            if (pool.torrent(hash) == null) {
                continue;
            }
            if (repair || !copy.getValue().equals(reported.get(hash))) {
                await(store.reportCopy(self.id(), hash, copy.getValue()));
                reported.put(hash, copy.getValue());
            }
        }
        for (PoolTorrent torrent : pool.torrents()) {
            if (!local.containsKey(torrent.infoHash()) && pool.copiesOf(torrent).containsKey(self.id())) {
                await(store.dropCopy(self.id(), torrent.infoHash()));
                reported.remove(torrent.infoHash());
            }
        }
    }

    private void act(PoolPlanner.Action action, Map<String, ManagedTorrent> copies) {
        if (action instanceof PoolPlanner.Fetch fetch) {
            Optional<byte[]> file = await(store.torrentFile(fetch.infoHash()));
            if (file.isEmpty()) {
                return;
            }
            try {
                ManagedTorrent added = session.add(
                        file.get(),
                        dataPath(fetch.infoHash()),
                        true,
                        TorrentLimits.DEFAULTS,
                        addresses(fetch.sources()));
                LOG.infof(
                        "pool member %s: fetching %s (%s) from %s",
                        self.id(), added.id(), fetch.heal() ? "heal" : "move", fetch.sources());
                await(store.reportCopy(self.id(), fetch.infoHash(), CopyState.fetching(0)));
                reported.put(fetch.infoHash(), CopyState.fetching(0));
            } catch (TorrentException e) {
                LOG.warnf("pool member %s: cannot fetch %s: %s", self.id(), fetch.infoHash(), e.getMessage());
            }
        } else if (action instanceof PoolPlanner.Delete delete) {
            ManagedTorrent copy = copies.get(delete.infoHash());
            if (copy == null) {
                return;
            }
            try {
                session.remove(copy, true);
                LOG.infof("pool member %s: deleted its copy of %s: %s", self.id(), delete.infoHash(), delete.why());
            } catch (TorrentException e) {
                LOG.warnf("pool member %s: cannot delete %s: %s", self.id(), delete.infoHash(), e.getMessage());
                return;
            }
            await(store.dropCopy(self.id(), delete.infoHash()));
            reported.remove(delete.infoHash());
        }
    }

    /** Logs once when this member, drained, holds nothing the pool needs (and once when it is drained again). */
    private void reportDrain(PoolSnapshot pool, int held) {
        boolean done = pool.drained().contains(self.id()) && pool.neededCopies(self.id()) == 0;
        if (done && !drainDone) {
            LOG.infof(
                    "pool member %s is drained: it holds nothing the pool needs (%d copies left, none needed)",
                    self.id(), held);
        }
        drainDone = done;
    }

    /** Gives each copy being fetched the members that hold copies of it, again each round (the dialer dedups). */
    private void dialSources(PoolSnapshot pool, Map<String, ManagedTorrent> copies) {
        for (ManagedTorrent t : copies.values()) {
            PoolTorrent torrent = pool.torrent(t.id());
            if (torrent == null || t.state() != TorrentState.DOWNLOADING) {
                continue;
            }
            List<String> sources = pool.sources(torrent, self.id());
            if (!sources.isEmpty()) {
                dial.accept(t, addresses(sources));
            }
        }
    }

    /** The members' {@code host:port} addresses, parsed as the protocol parses peers ({@link PeerAddress}). */
    private static List<InetSocketAddress> addresses(List<String> endpoints) {
        List<InetSocketAddress> addresses = new ArrayList<>(endpoints.size());
        for (String e : endpoints) {
            try {
                PeerAddress peer = PeerAddress.parse(e);
                addresses.add(InetSocketAddress.createUnresolved(peer.host(), peer.port()));
            } catch (MagnetException bad) {
                LOG.debugf("pool: a member's address is not dialled: %s", bad.getMessage());
            }
        }
        return addresses;
    }

    private <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().atMost(heartbeat.plus(memberTimeout));
    }

    /** Stops the rounds and leaves the pool at once (a graceful shutdown). */
    @Override
    public void close() {
        loop.shutdownNow();
        try {
            store.leave(self.id(), self.address()).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.debugf("pool member %s: leave not recorded: %s", self.id(), e.getMessage());
        }
    }
}

package io.bitquark.tracker.swarm;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The swarm store on Redis (standalone or Cluster), shared by every tracker replica.
 *
 * <p>One announce is one EVALSHA of {@code announce.lua}: atomic, one round trip, O(numwant). Several
 * announces that arrive together are applied in one script call: all of them on a standalone Redis, one
 * call per slot on a Cluster. Peers expire with their window's key ({@link PeerWindows}); nothing scans.
 * Counts come from a counters hash per swarm that the script keeps exact ({@link SwarmKeys}). Every call
 * is bounded by a timeout, after which it fails with {@link SwarmStoreUnavailableException}.
 *
 * <p>A call is built by {@link #announceArgs} (keys and arguments of N announces as byte arrays, from
 * per-swarm and per-window bytes cached here) and its reply read by {@link #decodeAnnounce}, one announce
 * at a time.
 */
public final class RedisSwarmStore implements SwarmStore {

    /**
     * Bytes of the {@link PeerIdentity} kept as the hash field (its last ones; any bytes of a SHA-1 are as
     * good as any other). A field of up to 6 bytes fits jemalloc's smallest class, 8 bytes with Redis's
     * 1-byte header and terminator, where 8 bytes take a 16-byte one: 8 bytes less per peer (measured:
     * 82.6 instead of 90.7 bytes per peer at 1M peers). Two of 1M peers in one swarm share a 48-bit field
     * with probability about 0.2 %; the later one then replaces the other's entry until it re-announces.
     */
    static final int IDENTITY_BYTES = 6;

    private static final RedisScript ANNOUNCE = RedisScript.fromResource("announce.lua");
    private static final RedisScript COUNTS = RedisScript.fromResource("counts.lua");
    private static final int SWARM_CACHE_LIMIT = 200_000;
    /** announce.lua's arguments: the window's expiry and six counter fields, then three per announce. */
    private static final int SHARED_ARGS = 1 + SwarmKeys.COUNTERS;

    private static final int ARGS_PER_ANNOUNCE = 3;
    private static final int CACHED_NUMWANT = 255;
    private static final byte[][] CONTROL = new byte[(CACHED_NUMWANT + 1) * 8][];

    static {
        for (int c = 0; c < CONTROL.length; c++) {
            CONTROL[c] = ascii(c);
        }
    }

    private final Redis redis;
    private final PeerWindows windows;
    private final boolean clustered;
    private final Duration timeout;
    private final LongSupplier clock;
    private final Map<ByteBuffer, Swarm> swarms = new ConcurrentHashMap<>();
    private final PeerTally tally = new PeerTally();
    private volatile Window window;

    public RedisSwarmStore(Redis redis, PeerWindows windows, boolean clustered, Duration timeout, LongSupplier clock) {
        this.redis = redis;
        this.windows = windows;
        this.clustered = clustered;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** What a swarm's keys are made of, cached per swarm: its tag, its slot, when this replica registered it. */
    private static final class Swarm {
        final byte[] tag;
        final int slot;
        volatile long registeredAt = Long.MIN_VALUE;

        Swarm(byte[] infoHash) {
            this.tag = SwarmKeys.tagBytes(infoHash);
            this.slot = SwarmKeys.slotOfTag(tag);
        }
    }

    /** The current window's key suffixes (and counter fields) and expiry, as bytes, built once per window. */
    private record Window(long index, byte[][] suffixes, byte[] expireAt) {}

    @Override
    public Uni<AnnounceResult> announce(PeerAnnounce announce) {
        return announceAll(List.of(announce)).map(results -> results.get(0));
    }

    @Override
    public Uni<List<AnnounceResult>> announceAll(List<PeerAnnounce> announces) {
        int n = announces.size();
        if (n == 0) {
            return Uni.createFrom().item(List.of());
        }
        long now = clock.getAsLong();
        Window at = window(now);
        Swarm[] of = new Swarm[n];
        for (int i = 0; i < n; i++) {
            of[i] = registered(announces.get(i).infoHash(), now);
        }
        AnnounceResult[] results = new AnnounceResult[n];
        return bounded(perSlot(of, (order, from, to) -> announceCall(announces, of, order, from, to, at, results))
                .map(done -> Arrays.asList(results)));
    }

    /** One {@code announce.lua} call for {@code announces[order[from..to)]}, its answers put into {@code results}. */
    private Uni<Void> announceCall(
            List<PeerAnnounce> announces,
            Swarm[] of,
            int[] order,
            int from,
            int to,
            Window at,
            AnnounceResult[] results) {
        return ANNOUNCE.run(redis, SwarmKeys.PER_SWARM * (to - from), announceArgs(announces, of, order, from, to, at))
                .invoke(reply -> {
                    for (int j = 0; j < reply.size(); j++) {
                        results[order[from + j]] = decodeAnnounce(reply.get(j), at.index());
                    }
                })
                .replaceWithVoid();
    }

    /**
     * The keys and arguments of one {@code announce.lua} call for {@code announces[order[from..to)]}: 7
     * keys per announce, then the window's expiry and counter fields, then identity, peer value and control
     * (numwant, event, seeder) per announce.
     */
    private static byte[][] announceArgs(
            List<PeerAnnounce> announces, Swarm[] of, int[] order, int from, int to, Window at) {
        int count = to - from;
        byte[][] args = new byte[count * (SwarmKeys.PER_SWARM + ARGS_PER_ANNOUNCE) + SHARED_ARGS][];
        int a = 0;
        for (int i = from; i < to; i++) {
            Swarm swarm = of[order[i]];
            if (i > from && swarm == of[order[i - 1]]) {
                System.arraycopy(args, a - SwarmKeys.PER_SWARM, args, a, SwarmKeys.PER_SWARM);
                a += SwarmKeys.PER_SWARM;
                continue;
            }
            for (byte[] suffix : at.suffixes()) {
                args[a++] = SwarmKeys.key(swarm.tag, suffix);
            }
        }
        args[a++] = at.expireAt();
        System.arraycopy(at.suffixes(), 0, args, a, SwarmKeys.COUNTERS);
        a += SwarmKeys.COUNTERS;
        for (int i = from; i < to; i++) {
            PeerAnnounce announce = announces.get(order[i]);
            args[a++] = field(announce.identity());
            args[a++] = announce.peer().toValue();
            args[a++] = control(announce);
        }
        return args;
    }

    /** Reads one announce's reply, {complete, incomplete, downloaded, {peer value, ...}, removedAge, added}. */
    private AnnounceResult decodeAnnounce(Response r, long window) {
        tally.record(window, r.get(4).toInteger(), r.get(5).toInteger() == 1);
        Response values = r.get(3);
        SwarmPeer[] peers = new SwarmPeer[values.size()];
        for (int p = 0; p < peers.length; p++) {
            peers[p] = SwarmPeer.fromValue(values.get(p).toBytes());
        }
        return new AnnounceResult(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), Arrays.asList(peers));
    }

    /** The hash field of a peer: the last {@link #IDENTITY_BYTES} of its identity. */
    private static byte[] field(byte[] identity) {
        return Arrays.copyOfRange(identity, PeerIdentity.LENGTH - IDENTITY_BYTES, PeerIdentity.LENGTH);
    }

    /** numwant * 8 + event * 2 + seeder, in ASCII, as the script reads it. */
    private static byte[] control(PeerAnnounce a) {
        int control = a.numwant() * 8 + a.event().code() * 2 + (a.seeder() ? 1 : 0);
        return a.numwant() <= CACHED_NUMWANT ? CONTROL[control] : ascii(control);
    }

    @Override
    public Uni<List<SwarmCounts>> scrape(List<byte[]> infoHashes) {
        int n = infoHashes.size();
        if (n == 0) {
            return Uni.createFrom().item(List.of());
        }
        Window at = window(clock.getAsLong());
        Swarm[] of = new Swarm[n];
        for (int i = 0; i < n; i++) {
            of[i] = known(infoHashes.get(i));
        }
        SwarmCounts[] results = new SwarmCounts[n];
        return bounded(perSlot(of, (order, from, to) -> countsCall(infoHashes, of, order, from, to, at, results))
                .map(done -> Arrays.asList(results)));
    }

    /** One {@code counts.lua} call for {@code infoHashes[order[from..to)]}, its answers put into {@code results}. */
    private Uni<Void> countsCall(
            List<byte[]> infoHashes, Swarm[] of, int[] order, int from, int to, Window at, SwarmCounts[] results) {
        return COUNTS.run(redis, to - from, countsArgs(of, order, from, to, at))
                .invoke(reply -> {
                    for (int j = 0; j < reply.size(); j++) {
                        int i = order[from + j];
                        Response r = reply.get(j);
                        results[i] = new SwarmCounts(
                                infoHashes.get(i),
                                r.get(0).toLong(),
                                r.get(1).toLong(),
                                r.get(2).toLong());
                    }
                })
                .replaceWithVoid();
    }

    /** The keys (one counters hash per swarm) and arguments (the live counter fields) of one {@code counts.lua} call. */
    private static byte[][] countsArgs(Swarm[] of, int[] order, int from, int to, Window at) {
        byte[][] args = new byte[to - from + SwarmKeys.COUNTERS][];
        int a = 0;
        for (int i = from; i < to; i++) {
            args[a++] = SwarmKeys.key(of[order[i]].tag, at.suffixes()[SwarmKeys.COUNTERS]);
        }
        System.arraycopy(at.suffixes(), 0, args, a, SwarmKeys.COUNTERS);
        return args;
    }

    /** One script call for the swarms {@code order[from..to)}. */
    @FunctionalInterface
    private interface GroupCall {
        Uni<Void> run(int[] order, int from, int to);
    }

    /**
     * Runs one call per group of swarms that one script call may take: all of them on a standalone Redis,
     * those of one slot on a Cluster (sorted by slot without boxing: slot and index packed in a long).
     */
    private Uni<Void> perSlot(Swarm[] of, GroupCall call) {
        int n = of.length;
        int[] order = new int[n];
        if (!clustered || n == 1) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return call.run(order, 0, n);
        }
        long[] bySlot = new long[n];
        for (int i = 0; i < n; i++) {
            bySlot[i] = (long) of[i].slot << 32 | i;
        }
        Arrays.sort(bySlot);
        for (int i = 0; i < n; i++) {
            order[i] = (int) bySlot[i];
        }
        List<Uni<Void>> calls = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || of[order[i]].slot != of[order[from]].slot) {
                calls.add(call.run(order, from, i));
                from = i;
            }
        }
        return calls.size() == 1
                ? calls.get(0)
                : Uni.join().all(calls).andFailFast().replaceWithVoid();
    }

    @Override
    public Uni<SwarmPage> swarms(int offset, int limit) {
        long now = clock.getAsLong();
        long forgetBefore = now - windows.peerTimeoutMillis() * 3 / 2;
        Uni<List<SwarmCounts>> page = redis.send(Request.cmd(Command.ZREMRANGEBYSCORE)
                        .arg(SwarmKeys.REGISTRY)
                        .arg("-inf")
                        .arg("(" + forgetBefore))
                .chain(() -> redis.send(Request.cmd(Command.ZREVRANGE)
                        .arg(SwarmKeys.REGISTRY)
                        .arg(offset)
                        .arg(offset + limit - 1L)))
                .chain(members -> {
                    List<byte[]> hashes = new ArrayList<>();
                    for (Response m : members) {
                        hashes.add(HexFormat.of().parseHex(m.toString()));
                    }
                    return scrape(hashes);
                });
        Uni<Long> total =
                redis.send(Request.cmd(Command.ZCARD).arg(SwarmKeys.REGISTRY)).map(Response::toLong);
        return bounded(Uni.combine().all().unis(page, total).with(SwarmPage::new));
    }

    @Override
    public Uni<Long> livePeers() {
        long window = windows.current(clock.getAsLong());
        Uni<Void> flushed = flushTally();
        List<Uni<Long>> counters = new ArrayList<>();
        for (int age = 0; age < PeerWindows.LIVE_WINDOWS; age++) {
            counters.add(redis.send(Request.cmd(Command.GET).arg(SwarmKeys.peerCounter(window - age)))
                    .map(r -> r == null ? 0L : r.toLong()));
        }
        return bounded(flushed.chain(() -> Uni.join().all(counters).andFailFast())
                .map(values -> values.stream().mapToLong(Long::longValue).sum()));
    }

    /** Adds this replica's accumulated peer-count changes to the shared per-window counters. */
    Uni<Void> flushTally() {
        Map<Long, Long> deltas = tally.drain();
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Response>> calls = new ArrayList<>();
        for (Map.Entry<Long, Long> e : deltas.entrySet()) {
            String key = SwarmKeys.peerCounter(e.getKey());
            calls.add(redis.send(Request.cmd(Command.INCRBY).arg(key).arg(e.getValue()))
                    .chain(() -> redis.send(
                            Request.cmd(Command.PEXPIREAT).arg(key).arg(windows.expiresAtMillis(e.getKey())))));
        }
        return Uni.join().all(calls).andCollectFailures().replaceWithVoid();
    }

    /**
     * Opens a connection and loads the scripts before the first announce, so that the first announces of a
     * cold replica do not pay for connecting and compiling within their timeout. On a Cluster each node
     * caches the scripts on first use instead (EVAL after NOSCRIPT).
     */
    public Uni<Void> warmUp() {
        if (clustered) {
            return ping().replaceWithVoid();
        }
        return ANNOUNCE.load(redis).chain(() -> COUNTS.load(redis)).replaceWithVoid();
    }

    @Override
    public Uni<Boolean> ping() {
        return redis.send(Request.cmd(Command.PING))
                .map(r -> "PONG".equals(r.toString()))
                .ifNoItem()
                .after(timeout)
                .fail()
                .onFailure()
                .recoverWithItem(false);
    }

    /** The window of {@code now}, its bytes built once per window. */
    private Window window(long now) {
        long index = windows.current(now);
        Window at = window;
        if (at == null || at.index() != index) {
            at = new Window(index, SwarmKeys.suffixes(index), ascii(windows.expiresAtMillis(index)));
            window = at;
        }
        return at;
    }

    /** The cached swarm, without caching a swarm nobody announced to (scrapes name arbitrary info-hashes). */
    private Swarm known(byte[] infoHash) {
        Swarm swarm = swarms.get(ByteBuffer.wrap(infoHash));
        return swarm != null ? swarm : new Swarm(infoHash);
    }

    /** The cached swarm, added to the index of known swarms at most once per quarter window per replica. */
    private Swarm registered(byte[] infoHash, long now) {
        Swarm swarm = swarms.get(ByteBuffer.wrap(infoHash));
        if (swarm == null) {
            if (swarms.size() >= SWARM_CACHE_LIMIT) {
                swarms.clear();
            }
            Swarm fresh = new Swarm(infoHash);
            swarm = swarms.putIfAbsent(ByteBuffer.wrap(infoHash.clone()), fresh);
            if (swarm == null) {
                swarm = fresh;
            }
        }
        long last = swarm.registeredAt;
        if (last != Long.MIN_VALUE && now - last < windows.windowMillis() / 4) {
            return swarm;
        }
        swarm.registeredAt = now;
        Swarm registering = swarm;
        redis.send(Request.cmd(Command.ZADD).arg(SwarmKeys.REGISTRY).arg(now).arg(SwarmKeys.hexOfTag(swarm.tag)))
                .subscribe()
                .with(ok -> {}, failure -> registering.registeredAt = Long.MIN_VALUE);
        return swarm;
    }

    private <T> Uni<T> bounded(Uni<T> call) {
        return call.ifNoItem()
                .after(timeout)
                .failWith(() -> new TimeoutException("no answer within " + timeout.toMillis() + " ms"))
                .onFailure(f -> !(f instanceof SwarmStoreUnavailableException))
                .transform(f -> new SwarmStoreUnavailableException("tracker storage unavailable", f));
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}

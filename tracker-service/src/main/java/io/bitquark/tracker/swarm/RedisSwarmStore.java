package io.bitquark.tracker.swarm;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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
 * is bounded by a timeout: announces not answered by then are marked
 * {@link AnnounceBatch.Outcome#UNAVAILABLE}, other calls fail with {@link SwarmStoreUnavailableException}.
 *
 * <p>A peer's identity is {@link PeerIdentity#of} (peer id and source address) under a SipHash key kept in
 * Redis ({@code bq:identity-key}), so every replica agrees on it. A call is built by {@link #announceArgs}
 * (keys and arguments of N announces of an {@link AnnounceBatch} as byte arrays, from per-swarm and
 * per-window bytes cached here) and its reply written back into the batch by {@link #decodeAnnounce}, one
 * announce at a time.
 */
public final class RedisSwarmStore implements SwarmStore {

    /**
     * Bytes of the 64-bit {@link PeerIdentity} kept as the hash field (its last ones, big-endian; any bytes
     * of a keyed SipHash are as good as any other). A field of up to 6 bytes fits jemalloc's smallest class, 8 bytes with Redis's
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
    /** A stored peer value: a compact IPv4 (6 bytes) or IPv6 (18 bytes) endpoint, then the peer id. */
    private static final int V4_ENDPOINT = 6;

    private static final int V6_ENDPOINT = 18;
    private static final int V4_VALUE = V4_ENDPOINT + AnnounceBatch.PEER_ID_LENGTH;
    private static final int V6_VALUE = V6_ENDPOINT + AnnounceBatch.PEER_ID_LENGTH;
    private static final int CACHED_NUMWANT = 255;
    private static final byte[][] CONTROL = new byte[(CACHED_NUMWANT + 1) * 8][];

    static {
        for (int c = 0; c < CONTROL.length; c++) {
            CONTROL[c] = ascii(c);
        }
    }

    private final Redis redis;
    private final LoopConnections loops;
    private final RedisScript.Sender scripts;
    private final PeerWindows windows;
    private final boolean clustered;
    private final Duration timeout;
    private final LongSupplier clock;
    private final Map<ByteBuffer, Swarm> swarms = new ConcurrentHashMap<>();
    private final PeerTally tally = new PeerTally();
    private volatile Window window;
    private volatile PeerIdentity identity;

    /**
     * @param redis the pooled client, for everything but the script calls of callers on event loops
     * @param loops one pipelined connection per event loop, for those script calls
     */
    RedisSwarmStore(
            Redis redis,
            LoopConnections loops,
            PeerWindows windows,
            boolean clustered,
            Duration timeout,
            LongSupplier clock) {
        this.redis = redis;
        this.loops = loops;
        this.scripts = request -> LoopConnections.onThisLoop()
                ? Uni.createFrom()
                        .<io.vertx.redis.client.Response>emitter(
                                answer -> loops.send(request.getDelegate()).onComplete(ar -> {
                                    if (ar.succeeded()) {
                                        answer.complete(ar.result());
                                    } else {
                                        answer.fail(ar.cause());
                                    }
                                }))
                        .map(Response::newInstance)
                : redis.send(request);
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

    /**
     * One {@link #announce} call's hold on its batch: replies are written into the batch only while the call
     * is open, and it closes (under the same lock) before {@code done} runs, so that a reply arriving after
     * the timeout never touches a batch the front end has taken back.
     */
    private static final class Hold {
        private boolean closed;
    }

    @Override
    public boolean coalesces() {
        return true;
    }

    @Override
    public void announce(AnnounceBatch batch, Runnable done) {
        int size = batch.size();
        int[] pending = new int[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (batch.isPending(i)) {
                pending[n++] = i;
            }
        }
        if (n == 0) {
            done.run();
            return;
        }
        long now = clock.getAsLong();
        Window at = window(now);
        Swarm[] of = new Swarm[n];
        for (int j = 0; j < n; j++) {
            of[j] = registered(batch.infoHashes(), AnnounceBatch.infoHashOffset(pending[j]), now);
        }
        Hold hold = new Hold();
        Uni<Void> applied = identities()
                .chain(ids -> perSlot(
                        of, (order, from, to) -> announceCall(batch, pending, ids, of, order, from, to, at, hold)));
        bounded(applied)
                .subscribe()
                .with(ok -> finish(batch, hold, false, done), failure -> finish(batch, hold, true, done));
    }

    /** Closes the call's hold on the batch, marks what is still pending as unavailable after a failure, and hands the batch back. */
    private static void finish(AnnounceBatch batch, Hold hold, boolean failed, Runnable done) {
        synchronized (hold) {
            hold.closed = true;
            if (failed) {
                batch.failPending(AnnounceBatch.Outcome.UNAVAILABLE);
            }
        }
        done.run();
    }

    /**
     * The identity key shared by every replica: made once by whichever replica comes first
     * ({@code SET NX}), then read by all, and kept with the swarms.
     */
    private Uni<PeerIdentity> identities() {
        PeerIdentity known = identity;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        byte[] fresh = new byte[16];
        new SecureRandom().nextBytes(fresh);
        return redis.send(Request.cmd(Command.SET)
                        .arg(SwarmKeys.IDENTITY_KEY)
                        .arg(fresh)
                        .arg("NX"))
                .chain(() -> redis.send(Request.cmd(Command.GET).arg(SwarmKeys.IDENTITY_KEY)))
                .map(r -> {
                    byte[] key = r == null ? null : r.toBytes();
                    if (key == null || key.length != 16) {
                        throw new SwarmStoreUnavailableException(
                                "the identity key in Redis is missing or malformed", null);
                    }
                    identity = new PeerIdentity(key);
                    return identity;
                });
    }

    /**
     * One {@code announce.lua} call for the batch's announces {@code pending[order[from..to)]}, its answers
     * written into the batch.
     */
    private Uni<Void> announceCall(
            AnnounceBatch batch,
            int[] pending,
            PeerIdentity ids,
            Swarm[] of,
            int[] order,
            int from,
            int to,
            Window at,
            Hold hold) {
        byte[][] args = announceArgs(batch, pending, ids, of, order, from, to, at);
        return ANNOUNCE.run(scripts, SwarmKeys.PER_SWARM * (to - from), args)
                .invoke(reply -> {
                    synchronized (hold) {
                        if (hold.closed) {
                            return;
                        }
                        for (int j = 0; j < reply.size(); j++) {
                            decodeAnnounce(reply.get(j), batch, pending[order[from + j]], at.index());
                        }
                    }
                })
                .replaceWithVoid();
    }

    /**
     * The keys and arguments of one {@code announce.lua} call for the batch's announces
     * {@code pending[order[from..to)]}: 7 keys per announce, then the window's expiry and counter fields,
     * then identity, peer value and control (numwant, event, seeder) per announce.
     */
    private static byte[][] announceArgs(
            AnnounceBatch batch,
            int[] pending,
            PeerIdentity ids,
            Swarm[] of,
            int[] order,
            int from,
            int to,
            Window at) {
        int count = to - from;
        byte[][] args = new byte[count * (SwarmKeys.PER_SWARM + ARGS_PER_ANNOUNCE) + SHARED_ARGS][];
        int a = 0;
        for (int k = from; k < to; k++) {
            Swarm swarm = of[order[k]];
            if (k > from && swarm == of[order[k - 1]]) {
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
        for (int k = from; k < to; k++) {
            int i = pending[order[k]];
            args[a++] = field(ids.of(batch, i));
            args[a++] = value(batch, i);
            args[a++] = control(batch, i);
        }
        return args;
    }

    /**
     * Reads one announce's reply, {complete, incomplete, downloaded, {peer value, ...}, removedAge, added},
     * into announce {@code i} of the batch: the counts, then the peers of the families it asked for, IPv4
     * ones first.
     */
    private void decodeAnnounce(Response r, AnnounceBatch batch, int i, long window) {
        tally.record(window, r.get(4).toInteger(), r.get(5).toInteger() == 1);
        batch.answer(i, r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong());
        Response values = r.get(3);
        int n = values.size();
        if (n == 0) {
            return;
        }
        int families = batch.families(i);
        boolean v4 = (families & AnnounceBatch.IPV4) != 0;
        boolean v6 = (families & AnnounceBatch.IPV6) != 0;
        byte[][] later = null;
        int laterCount = 0;
        for (int p = 0; p < n; p++) {
            byte[] value = values.get(p).toBytes();
            if (value.length == V4_VALUE) {
                if (v4) {
                    batch.addPeer(i, value, 0, V4_ENDPOINT, value, V4_ENDPOINT);
                }
            } else if (value.length == V6_VALUE && v6) {
                if (later == null) {
                    later = new byte[n - p][];
                }
                later[laterCount++] = value;
            }
        }
        for (int p = 0; p < laterCount; p++) {
            batch.addPeer(i, later[p], 0, V6_ENDPOINT, later[p], V6_ENDPOINT);
        }
    }

    /**
     * The hash field of a peer: the last {@link #IDENTITY_BYTES} bytes of its 64-bit {@link PeerIdentity},
     * big-endian.
     */
    static byte[] field(long identity) {
        byte[] field = new byte[IDENTITY_BYTES];
        for (int k = 0; k < IDENTITY_BYTES; k++) {
            field[k] = (byte) (identity >>> (8 * (IDENTITY_BYTES - 1 - k)));
        }
        return field;
    }

    /** The stored value of a peer: its compact endpoint, then its 20-byte peer id (26 or 38 bytes). */
    private static byte[] value(AnnounceBatch batch, int i) {
        int endpointLength = batch.endpointLength(i);
        byte[] value = new byte[endpointLength + AnnounceBatch.PEER_ID_LENGTH];
        System.arraycopy(batch.endpoints(), AnnounceBatch.endpointOffset(i), value, 0, endpointLength);
        System.arraycopy(batch.who(), AnnounceBatch.whoOffset(i), value, endpointLength, AnnounceBatch.PEER_ID_LENGTH);
        return value;
    }

    /** numwant * 8 + event * 2 + seeder, in ASCII, as the script reads it. */
    private static byte[] control(AnnounceBatch batch, int i) {
        int numwant = batch.numwant(i);
        long control = (long) numwant * 8 + batch.event(i).code() * 2 + (batch.isSeeder(i) ? 1 : 0);
        return numwant <= CACHED_NUMWANT ? CONTROL[(int) control] : ascii(control);
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
        return COUNTS.run(scripts, to - from, countsArgs(of, order, from, to, at))
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
                : Uni.join().all(calls).andCollectFailures().replaceWithVoid();
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
            return identities().replaceWithVoid();
        }
        return ANNOUNCE.load(redis)
                .chain(() -> COUNTS.load(redis))
                .chain(this::identities)
                .replaceWithVoid();
    }

    /** Closes the event loops' connections (the pooled client is its owner's to close). */
    void close() {
        loops.close();
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

    /**
     * The cached swarm of the info-hash at {@code infoHashes[offset..offset + 20)} (looked up in place, copied
     * only when new), added to the index of known swarms at most once per quarter window per replica.
     */
    private Swarm registered(byte[] infoHashes, int offset, long now) {
        Swarm swarm = swarms.get(ByteBuffer.wrap(infoHashes, offset, AnnounceBatch.INFO_HASH_LENGTH));
        if (swarm == null) {
            if (swarms.size() >= SWARM_CACHE_LIMIT) {
                swarms.clear();
            }
            byte[] infoHash = Arrays.copyOfRange(infoHashes, offset, offset + AnnounceBatch.INFO_HASH_LENGTH);
            Swarm fresh = new Swarm(infoHash);
            swarm = swarms.putIfAbsent(ByteBuffer.wrap(infoHash), fresh);
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

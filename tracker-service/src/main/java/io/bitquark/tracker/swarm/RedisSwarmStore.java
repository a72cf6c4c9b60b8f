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
import java.util.LinkedHashMap;
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
 * Every call is bounded by a timeout, after which it fails with {@link SwarmStoreUnavailableException}.
 */
public final class RedisSwarmStore implements SwarmStore {

    private static final RedisScript ANNOUNCE = RedisScript.fromResource("announce.lua");
    private static final RedisScript COUNTS = RedisScript.fromResource("counts.lua");
    private static final int REGISTRY_CACHE_LIMIT = 200_000;

    private final Redis redis;
    private final PeerWindows windows;
    private final boolean clustered;
    private final Duration timeout;
    private final LongSupplier clock;
    private final Map<ByteBuffer, Long> registeredAt = new ConcurrentHashMap<>();
    private final PeerTally tally = new PeerTally();
    private volatile PeerIdentity identity;

    public RedisSwarmStore(Redis redis, PeerWindows windows, boolean clustered, Duration timeout, LongSupplier clock) {
        this.redis = redis;
        this.windows = windows;
        this.clustered = clustered;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public boolean coalesces() {
        return true;
    }

    @Override
    public void announce(AnnounceBatch batch, Runnable done) {
        List<Integer> pending = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (batch.isPending(i)) {
                pending.add(i);
            }
        }
        if (pending.isEmpty()) {
            done.run();
            return;
        }
        long now = clock.getAsLong();
        long window = windows.current(now);
        byte[] expireAt = Long.toString(windows.expiresAtMillis(window)).getBytes(StandardCharsets.US_ASCII);
        for (int i : pending) {
            register(infoHash(batch, i), now);
        }
        Uni<Void> applied = identities().chain(identity -> {
            if (!clustered || pending.size() == 1) {
                return runAnnounces(batch, pending, identity, window, expireAt);
            }
            Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
            for (int i : pending) {
                bySlot.computeIfAbsent(SwarmKeys.slot(infoHash(batch, i)), s -> new ArrayList<>())
                        .add(i);
            }
            List<Uni<Void>> calls = new ArrayList<>();
            for (List<Integer> group : bySlot.values()) {
                calls.add(runAnnounces(batch, group, identity, window, expireAt));
            }
            return Uni.join().all(calls).andCollectFailures().replaceWithVoid();
        });
        bounded(applied).subscribe().with(ok -> done.run(), failure -> {
            batch.failPending(AnnounceBatch.Outcome.UNAVAILABLE);
            done.run();
        });
    }

    private static byte[] infoHash(AnnounceBatch batch, int i) {
        int at = AnnounceBatch.infoHashOffset(i);
        return Arrays.copyOfRange(batch.infoHashes(), at, at + AnnounceBatch.INFO_HASH_LENGTH);
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

    private Uni<Void> runAnnounces(
            AnnounceBatch batch, List<Integer> indexes, PeerIdentity identity, long window, byte[] expireAt) {
        List<String> keys = new ArrayList<>(indexes.size() * 7);
        List<byte[]> args = new ArrayList<>(indexes.size() * 6);
        for (int i : indexes) {
            keys.addAll(Arrays.asList(SwarmKeys.of(infoHash(batch, i), window)));
            args.add(identityBytes(identity.of(batch, i)));
            args.add(value(batch, i));
            args.add(batch.isSeeder(i) ? ONE : ZERO);
            args.add(ascii(batch.event(i).code()));
            args.add(ascii(batch.numwant(i)));
            args.add(expireAt);
        }
        return ANNOUNCE.run(redis, keys, args).map(response -> {
            int j = 0;
            for (Response r : response) {
                int i = indexes.get(j++);
                tally.record(window, r.get(4).toInteger(), r.get(5).toInteger() == 1);
                batch.answer(i, r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong());
                Response peers = r.get(3);
                int families = batch.families(i);
                for (int family = AnnounceBatch.IPV4; family <= AnnounceBatch.IPV6; family <<= 1) {
                    if ((families & family) == 0) {
                        continue;
                    }
                    int endpointLength = family == AnnounceBatch.IPV4 ? 6 : 18;
                    for (Response p : peers) {
                        byte[] v = p.toBytes();
                        if (v.length == endpointLength + AnnounceBatch.PEER_ID_LENGTH) {
                            batch.addPeer(i, v, 0, endpointLength, v, endpointLength);
                        }
                    }
                }
            }
            return null;
        });
    }

    /** The stored value of a peer: its compact endpoint, then its 20-byte peer id (26 or 38 bytes). */
    private static byte[] value(AnnounceBatch batch, int i) {
        int endpointLength = batch.endpointLength(i);
        byte[] value = new byte[endpointLength + AnnounceBatch.PEER_ID_LENGTH];
        System.arraycopy(batch.endpoints(), AnnounceBatch.endpointOffset(i), value, 0, endpointLength);
        System.arraycopy(batch.who(), AnnounceBatch.whoOffset(i), value, endpointLength, AnnounceBatch.PEER_ID_LENGTH);
        return value;
    }

    private static byte[] identityBytes(long id) {
        byte[] out = new byte[8];
        for (int k = 0; k < 8; k++) {
            out[k] = (byte) (id >>> (56 - 8 * k));
        }
        return out;
    }

    @Override
    public Uni<List<SwarmCounts>> scrape(List<byte[]> infoHashes) {
        if (infoHashes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        long window = windows.current(clock.getAsLong());
        List<Uni<SwarmCounts>> calls = new ArrayList<>(infoHashes.size());
        for (byte[] infoHash : infoHashes) {
            calls.add(counts(infoHash, window));
        }
        return bounded(Uni.join().all(calls).andFailFast());
    }

    private Uni<SwarmCounts> counts(byte[] infoHash, long window) {
        return COUNTS.run(redis, Arrays.asList(SwarmKeys.of(infoHash, window)), List.of())
                .map(r -> new SwarmCounts(
                        infoHash, r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong()));
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

    /** Adds the swarm to the index of known swarms, at most once per quarter window per replica. */
    private void register(byte[] infoHash, long now) {
        ByteBuffer key = ByteBuffer.wrap(infoHash.clone());
        Long last = registeredAt.get(key);
        if (last != null && now - last < windows.windowMillis() / 4) {
            return;
        }
        if (registeredAt.size() > REGISTRY_CACHE_LIMIT) {
            registeredAt.clear();
        }
        registeredAt.put(key, now);
        redis.send(Request.cmd(Command.ZADD)
                        .arg(SwarmKeys.REGISTRY)
                        .arg(now)
                        .arg(HexFormat.of().formatHex(infoHash)))
                .subscribe()
                .with(ok -> {}, failure -> registeredAt.remove(key));
    }

    private <T> Uni<T> bounded(Uni<T> call) {
        return call.ifNoItem()
                .after(timeout)
                .failWith(() -> new TimeoutException("no answer within " + timeout.toMillis() + " ms"))
                .onFailure(f -> !(f instanceof SwarmStoreUnavailableException))
                .transform(f -> new SwarmStoreUnavailableException("tracker storage unavailable", f));
    }

    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};

    private static byte[] ascii(int value) {
        return Integer.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}

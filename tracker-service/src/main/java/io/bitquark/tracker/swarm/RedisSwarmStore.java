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

    public RedisSwarmStore(Redis redis, PeerWindows windows, boolean clustered, Duration timeout, LongSupplier clock) {
        this.redis = redis;
        this.windows = windows;
        this.clustered = clustered;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Uni<AnnounceResult> announce(PeerAnnounce announce) {
        return announceAll(List.of(announce)).map(results -> results.get(0));
    }

    @Override
    public Uni<List<AnnounceResult>> announceAll(List<PeerAnnounce> announces) {
        if (announces.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        long now = clock.getAsLong();
        long window = windows.current(now);
        byte[] expireAt = Long.toString(windows.expiresAtMillis(window)).getBytes(StandardCharsets.US_ASCII);
        for (PeerAnnounce a : announces) {
            register(a.infoHash(), now);
        }
        if (!clustered || announces.size() == 1) {
            return bounded(runAnnounces(announces, window, expireAt));
        }
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < announces.size(); i++) {
            bySlot.computeIfAbsent(SwarmKeys.slot(announces.get(i).infoHash()), s -> new ArrayList<>())
                    .add(i);
        }
        List<Uni<List<AnnounceResult>>> calls = new ArrayList<>();
        List<List<Integer>> groups = new ArrayList<>(bySlot.values());
        for (List<Integer> group : groups) {
            List<PeerAnnounce> part = new ArrayList<>(group.size());
            for (int i : group) {
                part.add(announces.get(i));
            }
            calls.add(runAnnounces(part, window, expireAt));
        }
        Uni<List<AnnounceResult>> all = Uni.join().all(calls).andFailFast().map(parts -> {
            AnnounceResult[] ordered = new AnnounceResult[announces.size()];
            for (int g = 0; g < groups.size(); g++) {
                List<Integer> group = groups.get(g);
                for (int j = 0; j < group.size(); j++) {
                    ordered[group.get(j)] = parts.get(g).get(j);
                }
            }
            return Arrays.asList(ordered);
        });
        return bounded(all);
    }

    private Uni<List<AnnounceResult>> runAnnounces(List<PeerAnnounce> announces, long window, byte[] expireAt) {
        List<String> keys = new ArrayList<>(announces.size() * 7);
        List<byte[]> args = new ArrayList<>(announces.size() * 6);
        for (PeerAnnounce a : announces) {
            keys.addAll(Arrays.asList(SwarmKeys.of(a.infoHash(), window)));
            args.add(a.identity());
            args.add(a.peer().toValue());
            args.add(a.seeder() ? ONE : ZERO);
            args.add(ascii(a.event().code()));
            args.add(ascii(a.numwant()));
            args.add(expireAt);
        }
        return ANNOUNCE.run(redis, keys, args).map(response -> {
            List<AnnounceResult> results = new ArrayList<>(response.size());
            for (Response r : response) {
                tally.record(window, r.get(4).toInteger(), r.get(5).toInteger() == 1);
                Response peers = r.get(3);
                List<SwarmPeer> endpoints = new ArrayList<>(peers.size());
                for (Response p : peers) {
                    endpoints.add(SwarmPeer.fromValue(p.toBytes()));
                }
                results.add(new AnnounceResult(
                        r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), endpoints));
            }
            return results;
        });
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

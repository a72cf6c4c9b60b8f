package io.bitquark.seeder.pool;

import io.bitquark.seeder.pool.PoolException.Kind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The pool store on Redis, standalone or Cluster, shared by every replica of the pool. Time is Redis
 * {@code TIME}, read inside the scripts, so members' clocks never matter. Every key carries the hash tag
 * {@code {bitquark-pool}}: they all live in one Cluster slot, and each script touches its keys atomically.
 *
 * <pre>
 * bq:{bitquark-pool}:members          sorted set  member id -&gt; last beat, ms since the epoch by Redis TIME
 * bq:{bitquark-pool}:profiles         hash        member id -&gt; "&lt;host:port&gt; &lt;weight&gt; &lt;zone, or nothing&gt;"
 * bq:{bitquark-pool}:torrents         hash        info-hash hex -&gt; "&lt;R&gt; &lt;added at, ms by Redis TIME&gt;"
 * bq:{bitquark-pool}:files            hash        info-hash hex -&gt; the .torrent, as it was added
 * bq:{bitquark-pool}:copies:&lt;hex&gt;     hash        member id -&gt; "S" (verified, seeding) or "F&lt;progress 0..1&gt;" (fetching)
 * bq:{bitquark-pool}:drained          set         member ids
 * </pre>
 *
 * <p>Scripts ({@code /lua/pool}): {@code beat.lua} (forget members gone past the timeout, refuse an id live
 * at another address, ZADD the beat at TIME), {@code members.lua} (TIME, then ZRANGEBYSCORE from now minus
 * the timeout with each profile), {@code leave.lua}, {@code add-torrent.lua} (HEXISTS, then the entry
 * stamped with TIME and the .torrent), {@code remove-torrent.lua} (entry, .torrent and copies together) and
 * {@code report-copy.lua} (only for a torrent in the catalog). The rest are single commands. Scripts call
 * TIME before writing, which needs Redis 5 or later (effects replication).
 *
 * <p>Every call is bounded by a timeout; a call not answered by then, or answered with an error, fails with
 * {@link PoolException.Kind#UNAVAILABLE}.
 */
public final class RedisPoolStore implements PoolStore {

    static final String TAG = "bq:{bitquark-pool}:";
    static final String MEMBERS = TAG + "members";
    static final String PROFILES = TAG + "profiles";
    static final String TORRENTS = TAG + "torrents";
    static final String FILES = TAG + "files";
    static final String DRAINED = TAG + "drained";

    private static final PoolScript BEAT = PoolScript.named("beat.lua");
    private static final PoolScript MEMBERS_LIVE = PoolScript.named("members.lua");
    private static final PoolScript LEAVE = PoolScript.named("leave.lua");
    private static final PoolScript ADD_TORRENT = PoolScript.named("add-torrent.lua");
    private static final PoolScript REMOVE_TORRENT = PoolScript.named("remove-torrent.lua");
    private static final PoolScript REPORT_COPY = PoolScript.named("report-copy.lua");

    private final Redis redis;
    private final int maxTorrentBytes;
    private final Duration timeout;

    /**
     * @param redis a client of the pool's Redis (standalone or Cluster); its owner closes it
     * @param maxTorrentBytes the largest .torrent {@link #addTorrent} accepts
     * @param timeout how long a call may wait for Redis
     */
    public RedisPoolStore(Redis redis, int maxTorrentBytes, Duration timeout) {
        this.redis = redis;
        this.maxTorrentBytes = maxTorrentBytes;
        this.timeout = timeout;
    }

    /** The copies hash of a torrent. */
    static String copiesKey(String infoHashHex) {
        return TAG + "copies:" + infoHashHex;
    }

    @Override
    public Uni<Long> beat(PoolMember member, Duration memberTimeout, Duration forgetAfter) {
        return call(() -> BEAT.run(
                        redis,
                        List.of(MEMBERS, PROFILES),
                        member.id(),
                        encode(member),
                        member.address(),
                        PoolLimits.timeoutMillis(memberTimeout),
                        Math.max(PoolLimits.timeoutMillis(memberTimeout), PoolLimits.timeoutMillis(forgetAfter)))
                .map(r -> {
                    if (r.get(0).toInteger() == 0) {
                        throw MemberIdTaken.of(
                                member, r.get(1).toString(), r.get(2).toLong());
                    }
                    return r.get(1).toLong();
                }));
    }

    @Override
    public Uni<Long> now() {
        // TIME by a script on the keys' node, so that a Cluster client asks the node that stamps the beats
        return call(() -> redis.send(Request.cmd(Command.EVAL)
                        .arg("return redis.call('TIME')")
                        .arg(1)
                        .arg(MEMBERS))
                .map(t -> t.get(0).toLong() * 1000 + t.get(1).toLong() / 1000));
    }

    @Override
    public Uni<Boolean> leave(String memberId, String address) {
        return call(() -> LEAVE.run(redis, List.of(MEMBERS, PROFILES), PoolLimits.memberId(memberId), address)
                .map(RedisPoolStore::isOne));
    }

    @Override
    public Uni<List<MemberBeat>> liveMembers(Duration memberTimeout) {
        return call(() -> MEMBERS_LIVE
                .run(redis, List.of(MEMBERS, PROFILES), PoolLimits.timeoutMillis(memberTimeout))
                .map(r -> {
                    List<MemberBeat> live = new ArrayList<>();
                    for (int i = 1; i + 2 < r.size(); i += 3) {
                        String id = r.get(i).toString();
                        long beat = (long) Double.parseDouble(r.get(i + 1).toString());
                        live.add(new MemberBeat(decode(id, r.get(i + 2).toString()), beat));
                    }
                    live.sort((a, b) -> a.member().id().compareTo(b.member().id()));
                    return live;
                }));
    }

    @Override
    public Uni<Boolean> addTorrent(String infoHash, byte[] torrent, int replicas, long bytes) {
        return call(() -> {
            String hex = PoolLimits.infoHash(infoHash);
            byte[] file = PoolLimits.torrent(torrent, maxTorrentBytes).clone();
            return ADD_TORRENT
                    .run(
                            redis,
                            List.of(TORRENTS, FILES),
                            hex,
                            file,
                            PoolLimits.replicas(replicas),
                            PoolLimits.bytes(bytes))
                    .map(RedisPoolStore::isOne);
        });
    }

    @Override
    public Uni<Optional<PoolTorrent>> torrent(String infoHash) {
        return call(() -> {
            String hex = PoolLimits.infoHash(infoHash);
            return redis.send(Request.cmd(Command.HGET).arg(TORRENTS).arg(hex))
                    .map(r -> Optional.ofNullable(r).map(entry -> entry(hex, entry.toString())));
        });
    }

    @Override
    public Uni<Optional<byte[]>> torrentFile(String infoHash) {
        return call(() -> redis.send(Request.cmd(Command.HGET).arg(FILES).arg(PoolLimits.infoHash(infoHash)))
                .map(r -> Optional.ofNullable(r).map(Response::toBytes)));
    }

    @Override
    public Uni<List<PoolTorrent>> torrents() {
        return call(() -> redis.send(Request.cmd(Command.HGETALL).arg(TORRENTS)).map(r -> {
            List<PoolTorrent> all = new ArrayList<>();
            for (String hex : new TreeSet<>(fields(r))) {
                all.add(entry(hex, r.get(hex).toString()));
            }
            return all;
        }));
    }

    @Override
    public Uni<Boolean> removeTorrent(String infoHash) {
        return call(() -> {
            String hex = PoolLimits.infoHash(infoHash);
            return REMOVE_TORRENT
                    .run(redis, List.of(TORRENTS, FILES, copiesKey(hex)), hex)
                    .map(RedisPoolStore::isOne);
        });
    }

    @Override
    public Uni<Boolean> reportCopy(String memberId, String infoHash, CopyState state) {
        return call(() -> {
            String hex = PoolLimits.infoHash(infoHash);
            if (state == null) {
                throw new PoolException(Kind.INVALID, "a reported copy needs its state");
            }
            return REPORT_COPY
                    .run(redis, List.of(TORRENTS, copiesKey(hex)), PoolLimits.memberId(memberId), state.encode(), hex)
                    .map(RedisPoolStore::isOne);
        });
    }

    @Override
    public Uni<Boolean> dropCopy(String memberId, String infoHash) {
        return call(() -> redis.send(Request.cmd(Command.HDEL)
                        .arg(copiesKey(PoolLimits.infoHash(infoHash)))
                        .arg(PoolLimits.memberId(memberId)))
                .map(RedisPoolStore::isOne));
    }

    @Override
    public Uni<Map<String, CopyState>> copies(String infoHash) {
        return call(() -> redis.send(Request.cmd(Command.HGETALL).arg(copiesKey(PoolLimits.infoHash(infoHash))))
                .map(r -> {
                    Map<String, CopyState> copies = new TreeMap<>();
                    fields(r)
                            .forEach(member -> copies.put(
                                    member, CopyState.decode(r.get(member).toString())));
                    return Collections.unmodifiableMap(copies);
                }));
    }

    @Override
    public Uni<Void> drain(String memberId) {
        return call(() -> redis.send(Request.cmd(Command.SADD).arg(DRAINED).arg(PoolLimits.memberId(memberId)))
                .replaceWithVoid());
    }

    @Override
    public Uni<Void> undrain(String memberId) {
        return call(() -> redis.send(Request.cmd(Command.SREM).arg(DRAINED).arg(PoolLimits.memberId(memberId)))
                .replaceWithVoid());
    }

    @Override
    public Uni<Set<String>> drained() {
        return call(() -> redis.send(Request.cmd(Command.SMEMBERS).arg(DRAINED)).map(r -> {
            Set<String> ids = new HashSet<>();
            if (r != null) {
                r.forEach(id -> ids.add(id.toString()));
            }
            return Set.copyOf(ids);
        }));
    }

    /** A member's stored profile: {@code <address> <weight> <zone, or nothing>}. */
    static String encode(PoolMember member) {
        return member.address() + " " + member.weight() + " " + member.zone().orElse("");
    }

    private static PoolMember decode(String id, String stored) {
        String[] parts = stored.split(" ", 3);
        if (parts.length != 3) {
            throw new PoolException(Kind.UNAVAILABLE, "a stored member profile is malformed: " + stored);
        }
        Optional<String> zone = parts[2].isEmpty() ? Optional.empty() : Optional.of(parts[2]);
        return new PoolMember(id, parts[0], zone, Integer.parseInt(parts[1]));
    }

    /** A catalog entry from its stored {@code <R> <added at> <bytes>}. */
    private static PoolTorrent entry(String hex, String stored) {
        String[] fields = stored.split(" ");
        if (fields.length != 3) {
            throw new PoolException(Kind.UNAVAILABLE, "a stored pool torrent is malformed: " + stored);
        }
        return new PoolTorrent(hex, Integer.parseInt(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
    }

    /** The field names of an HGETALL reply, a map (RESP3) or a flat array of pairs (RESP2). */
    private static Set<String> fields(Response r) {
        return r == null ? Set.of() : r.getKeys();
    }

    private static boolean isOne(Response r) {
        return r != null && r.toLong() == 1;
    }

    /**
     * Builds the call when subscribed (a refused argument fails it with {@link Kind#INVALID}), bounded by the
     * timeout; every failure that is not already a {@link PoolException} becomes {@link Kind#UNAVAILABLE}.
     */
    private <T> Uni<T> call(Supplier<Uni<T>> call) {
        return Uni.createFrom()
                .<T>deferred(call::get)
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new TimeoutException("no answer within " + timeout.toMillis() + " ms"))
                .onFailure(f -> !(f instanceof PoolException))
                .transform(f -> new PoolException(Kind.UNAVAILABLE, "the pool's Redis is unavailable: " + f, f));
    }
}

package io.bitquark.tracker.allowlist;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The allowlist in Redis, shared by all replicas: the set {@code bq:allowlist} of raw 20-byte info-hashes,
 * and the hash {@code bq:names} of their display names.
 */
public final class RedisAllowlistStore implements AllowlistStore {

    static final String KEY = "bq:allowlist";
    static final String NAMES = "bq:names";

    private final Redis redis;

    public RedisAllowlistStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Uni<Void> add(byte[] infoHash, String name) {
        Uni<Response> added = redis.send(Request.cmd(Command.SADD).arg(KEY).arg(infoHash));
        if (name == null) {
            return added.replaceWithVoid();
        }
        return added.chain(() -> redis.send(
                        Request.cmd(Command.HSET).arg(NAMES).arg(infoHash).arg(name)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> remove(byte[] infoHash) {
        return redis.send(Request.cmd(Command.SREM).arg(KEY).arg(infoHash))
                .chain(() -> redis.send(Request.cmd(Command.HDEL).arg(NAMES).arg(infoHash)))
                .replaceWithVoid();
    }

    @Override
    public Uni<List<String>> names(List<byte[]> infoHashes) {
        if (infoHashes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Request hmget = Request.cmd(Command.HMGET).arg(NAMES);
        infoHashes.forEach(hmget::arg);
        return redis.send(hmget).map(values -> {
            List<String> out = new ArrayList<>(infoHashes.size());
            for (Response v : values) {
                out.add(v == null ? null : v.toString());
            }
            return out;
        });
    }

    @Override
    public Uni<List<byte[]>> list() {
        return redis.send(Request.cmd(Command.SMEMBERS).arg(KEY)).map(members -> {
            List<byte[]> out = new ArrayList<>(members.size());
            for (Response m : members) {
                out.add(m.toBytes());
            }
            return out;
        });
    }
}

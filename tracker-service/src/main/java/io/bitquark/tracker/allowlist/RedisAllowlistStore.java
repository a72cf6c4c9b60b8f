package io.bitquark.tracker.allowlist;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** The allowlist in Redis: one set, {@code bq:allowlist}, of raw 20-byte info-hashes, shared by all replicas. */
public final class RedisAllowlistStore implements AllowlistStore {

    static final String KEY = "bq:allowlist";

    private final Redis redis;

    public RedisAllowlistStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Uni<Void> add(byte[] infoHash) {
        return redis.send(Request.cmd(Command.SADD).arg(KEY).arg(infoHash)).replaceWithVoid();
    }

    @Override
    public Uni<Void> remove(byte[] infoHash) {
        return redis.send(Request.cmd(Command.SREM).arg(KEY).arg(infoHash)).replaceWithVoid();
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

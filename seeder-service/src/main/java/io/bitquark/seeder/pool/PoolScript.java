package io.bitquark.seeder.pool;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One of the pool's Lua scripts ({@code /lua/pool/*.lua}), run with EVALSHA. A node that does not know it
 * (NOSCRIPT: a restarted Redis, a new Cluster node, SCRIPT FLUSH) gets it once with EVAL, which also caches
 * it there. Its keys all carry the pool's hash tag, so on a Cluster the call goes to the one node that holds
 * them.
 */
final class PoolScript {

    private final byte[] source;
    private final String sha1;

    private PoolScript(byte[] source) {
        this.source = source;
        this.sha1 = sha1Hex(source);
    }

    static PoolScript named(String name) {
        try (InputStream in = PoolScript.class.getResourceAsStream("/lua/pool/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource /lua/pool/" + name);
            }
            return new PoolScript(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script.
     *
     * @param args each a {@code String}, a {@code byte[]} (sent as it is) or a number
     */
    Uni<Response> run(Redis redis, List<String> keys, Object... args) {
        return redis.send(request(Command.EVALSHA, sha1, keys, args))
                .onFailure(PoolScript::isNoScript)
                .recoverWithUni(() -> redis.send(request(Command.EVAL, source, keys, args)));
    }

    private static Request request(Command command, Object script, List<String> keys, Object[] args) {
        Request request = Request.cmd(command);
        add(request, script);
        request.arg(keys.size());
        keys.forEach(request::arg);
        for (Object arg : args) {
            add(request, arg);
        }
        return request;
    }

    private static void add(Request request, Object arg) {
        if (arg instanceof byte[] bytes) {
            request.arg(bytes);
        } else if (arg instanceof Number n) {
            request.arg(n.longValue());
        } else {
            request.arg((String) arg);
        }
    }

    private static boolean isNoScript(Throwable t) {
        return t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1Hex(byte[] text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

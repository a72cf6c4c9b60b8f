package io.bitquark.tracker.swarm;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run with EVALSHA. When a node does not know the script (NOSCRIPT: a restarted Redis, a
 * new cluster node, SCRIPT FLUSH), the call is repeated once with EVAL, which runs it and caches it on
 * that node, so the next EVALSHA succeeds without any separate SCRIPT LOAD round trip.
 *
 * <p>A call's keys and arguments are one array of byte arrays, keys first, handed to the request as they
 * are (Vert.x keeps {@code byte[]} arguments by reference and writes them at send time).
 */
final class RedisScript {

    private final byte[] source;
    private final byte[] sha1;

    private RedisScript(byte[] source) {
        this.source = source;
        this.sha1 = sha1Hex(source).getBytes(StandardCharsets.US_ASCII);
    }

    static RedisScript fromResource(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream("/lua/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource /lua/" + name);
            }
            return new RedisScript(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String sha1() {
        return new String(sha1, StandardCharsets.US_ASCII);
    }

    /** Loads the script into the script cache of the node that answers (a standalone Redis: the only one). */
    Uni<Response> load(Redis redis) {
        return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source));
    }

    /**
     * Runs the script.
     *
     * @param keys how many of {@code args} are keys (they come first)
     * @param args the keys, then the arguments; not modified, and not to be modified while the call runs
     */
    Uni<Response> run(Sender redis, int keys, byte[][] args) {
        return redis.send(request(Command.EVALSHA, sha1, keys, args))
                .onFailure(RedisScript::isNoScript)
                .recoverWithUni(() -> redis.send(request(Command.EVAL, source, keys, args)));
    }

    /** Where a script call is sent: a pooled client, or the calling event loop's own connection. */
    @FunctionalInterface
    interface Sender {
        Uni<Response> send(Request request);
    }

    private static Request request(Command command, byte[] script, int keys, byte[][] args) {
        Request request = Request.cmd(command).arg(script).arg(keys);
        for (byte[] arg : args) {
            request.arg(arg);
        }
        return request;
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

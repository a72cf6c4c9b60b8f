package io.bitquark.tracker.swarm;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pipelined Redis connection per Vert.x event loop, for the commands of the hot path.
 *
 * <p>A pooled Redis client takes a connection for each command and gives it back on the answer, so a
 * replica has at most pool-size commands in flight, and every connection's socket lives on the one event
 * loop that made the client: every answer crosses threads twice. Here each event loop (HTTP's and UDP's
 * alike: the UDP sockets live on the same loops) gets its own client, made on that loop, holding one
 * connection whose socket that loop reads. Commands are written back to back without waiting for
 * answers (pipelining, in order, as Redis answers them), and each answer is handled on the loop that
 * asked, with no hand-off. On a Cluster the held connection is a cluster connection, which keeps one
 * connection per node and routes each command by its slot.
 *
 * <p>A connection that closes or fails is dropped and the next command opens a new one. So is one that
 * has answered nothing for {@code stall} while commands wait (a Redis that stopped answering, a link gone
 * silent): its waiting commands fail, and they are the ones the store has already answered as
 * unavailable. A caller that is not on an event loop is not served here: {@link #onThisLoop} says so.
 */
final class LoopConnections {

    private final VertxInternal vertx;
    private final RedisOptions options;
    private final long stallNanos;
    private final ThreadLocal<Lane> lanes = new ThreadLocal<>();
    private final Set<Lane> opened = ConcurrentHashMap.newKeySet();

    LoopConnections(io.vertx.core.Vertx vertx, RedisOptions options, Duration stall) {
        this.vertx = (VertxInternal) vertx;
        this.options = new RedisOptions(options);
        this.stallNanos = stall.toNanos();
    }

    /** Whether the calling thread is one of the event loops this serves. */
    static boolean onThisLoop() {
        return Context.isOnEventLoopThread();
    }

    /** Sends a command on the calling event loop's connection; its answer arrives on this loop. */
    Future<Response> send(Request request) {
        Lane lane = lanes.get();
        if (lane == null) {
            lane = new Lane(loopOfThisThread());
            lanes.set(lane);
            opened.add(lane);
        }
        return lane.send(request);
    }

    /** Closes every connection opened here. */
    void close() {
        for (Lane lane : opened) {
            lane.context.runOnContext(v -> lane.client.close());
        }
        opened.clear();
    }

    private EventLoop loopOfThisThread() {
        for (EventExecutor executor : vertx.getEventLoopGroup()) {
            if (executor.inEventLoop()) {
                return (EventLoop) executor;
            }
        }
        throw new IllegalStateException("not on one of Vert.x's event loops: " + Thread.currentThread());
    }

    /** One event loop's client and connection; touched only on that loop. */
    private final class Lane {
        final ContextInternal context;
        Redis client;
        RedisConnection connection;
        Future<RedisConnection> connecting;
        /** Bumped when the client is replaced: answers of an older client no longer count. */
        int generation;
        /** Commands sent on the current client and not yet answered. */
        int waiting;
        /** When the current client last answered, or was made, or was sent a command while none waited. */
        long lastProgress;

        Lane(EventLoop loop) {
            this.context = vertx.createEventLoopContext(
                    loop, vertx.getWorkerPool(), getClass().getClassLoader());
            context.dispatch(this::newClient);
        }

        Future<Response> send(Request request) {
            Promise<Response> answer = context.promise();
            context.dispatch(() -> {
                long now = System.nanoTime();
                if (waiting == 0) {
                    lastProgress = now; // the stall bound runs from here: an idle connection is not a stalled one
                } else if (now - lastProgress > stallNanos) {
                    client.close(); // answered nothing for too long: its waiting commands fail
                    newClient();
                }
                int sentOn = generation;
                waiting++;
                Future<Response> sent;
                if (connection != null) {
                    sent = connection.send(request);
                } else {
                    if (connecting == null) {
                        connect(now);
                    }
                    sent = connecting.compose(c -> c.send(request));
                }
                sent.onComplete(ar -> {
                    if (sentOn == generation) {
                        waiting--;
                        lastProgress = System.nanoTime();
                    }
                    if (ar.succeeded()) {
                        answer.complete(ar.result());
                    } else {
                        answer.fail(ar.cause());
                    }
                });
            });
            return answer.future();
        }

        private void newClient() {
            client = Redis.createClient(vertx, options);
            connection = null;
            connecting = null;
            generation++;
            waiting = 0;
            lastProgress = System.nanoTime();
        }

        private void connect(long now) {
            Future<RedisConnection> attempt = client.connect();
            connecting = attempt;
            attempt.onComplete(ar -> {
                if (connecting != attempt) {
                    return; // its client was replaced and closed
                }
                connecting = null;
                if (ar.succeeded()) {
                    RedisConnection opened = ar.result();
                    connection = opened;
                    opened.exceptionHandler(failure -> drop(opened));
                    opened.endHandler(end -> drop(opened));
                }
            });
        }

        /** Forgets a connection that closed or failed (its client's pool evicts it); the next command opens another. */
        private void drop(RedisConnection gone) {
            if (connection == gone) {
                connection = null;
            }
        }
    }
}

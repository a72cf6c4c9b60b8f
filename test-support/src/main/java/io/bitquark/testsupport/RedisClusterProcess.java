package io.bitquark.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real three-master Redis Cluster on free loopback ports, for tests: three {@code redis-server
 * --cluster-enabled yes} processes joined with {@code redis-cli --cluster create ... --cluster-yes}.
 */
public final class RedisClusterProcess implements AutoCloseable {

    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServerProcess> masters = new ArrayList<>();

    private RedisClusterProcess() {}

    /** Starts three masters and waits until every node reports {@code cluster_state:ok}. */
    public static RedisClusterProcess start() {
        RedisClusterProcess cluster = new RedisClusterProcess();
        try {
            for (int i = 0; i < 3; i++) {
                cluster.masters.add(RedisServerProcess.startOnFreePort(List.of(
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "5000")));
            }
            cluster.create();
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void create() {
        List<String> command =
                new ArrayList<>(List.of(RedisServerProcess.binary("redis-cli", "redis-tools"), "--cluster", "create"));
        for (RedisServerProcess m : masters) {
            command.add(m.host() + ":" + m.port());
        }
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run redis-cli: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        }
    }

    private void awaitOk() {
        long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (RedisServerProcess m : masters) {
                String info = m.command("CLUSTER INFO");
                ok &= info != null && info.contains("cluster_state:ok");
            }
            if (ok) {
                return;
            }
            RedisServerProcess.sleep(50);
        }
        throw new IllegalStateException("the Redis Cluster did not reach cluster_state:ok within " + FORM_TIMEOUT);
    }

    public List<RedisServerProcess> masters() {
        return List.copyOf(masters);
    }

    /** Seed URIs for a cluster client, one per master. */
    public List<String> uris() {
        List<String> uris = new ArrayList<>();
        for (RedisServerProcess m : masters) {
            uris.add(m.uri());
        }
        return uris;
    }

    /** Empties every master. */
    public void flushAll() {
        for (RedisServerProcess m : masters) {
            m.command("FLUSHALL");
        }
    }

    @Override
    public void close() {
        for (RedisServerProcess m : masters) {
            m.close();
        }
    }
}

package io.bitquark.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a real redis-server on a free port for a {@code @QuarkusTest} and points the Quarkus Redis
 * client at it. Dev Services stay off: there is no Docker engine, and tests must not share state with
 * the instance on 6379. Attach with {@code @WithTestResource(RedisTestResource.class)}.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServerProcess current;
    private RedisServerProcess server;

    @Override
    public Map<String, String> start() {
        server = RedisServerProcess.startOnFreePort();
        current = server;
        return Map.of("quarkus.redis.hosts", server.uri(), "quarkus.redis.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
        current = null;
    }

    /** The server of the running test, so that a test can stop and restart it. */
    public static RedisServerProcess current() {
        return current;
    }
}

package io.bitquark.tracker.swarm;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Singleton;

/**
 * Keeps the options Quarkus built for its default Redis client from {@code quarkus.redis.*} (hosts, client
 * type, password, TLS, timeouts), so that {@link LoopConnections} opens its connections exactly as that
 * client does. Quarkus calls it when it makes the client; nothing is changed.
 */
@Singleton
public class RedisOptionsCapture implements RedisOptionsCustomizer {

    private static final String DEFAULT_CLIENT = "<default>";

    private volatile RedisOptions options;

    @Override
    public void customize(String clientName, RedisOptions options) {
        if (DEFAULT_CLIENT.equals(clientName)) {
            this.options = options;
        }
    }

    /** The default client's options; asked for only once that client exists. */
    RedisOptions get() {
        RedisOptions made = options;
        if (made == null) {
            throw new IllegalStateException("the default Redis client has not been made yet");
        }
        return made;
    }
}

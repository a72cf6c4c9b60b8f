package io.bitquark.tracker.config;

import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The BEP 15 UDP front end ({@code bitquark.tracker.udp.*}). */
public interface UdpConfig {

    /** Whether the UDP tracker runs. */
    @WithDefault("true")
    boolean enabled();

    /** UDP port; 0 picks a free port and logs it. Separate from {@code quarkus.http.port}. */
    @WithDefault("6969")
    int port();

    /** Address the UDP socket binds. */
    @WithDefault("0.0.0.0")
    String host();

    /**
     * The key of the stateless connection ids (at least 16 bytes; mount it from a Kubernetes Secret). Every
     * replica with the same secret accepts every other replica's ids. When unset, a random key is made at
     * start-up and replicas will not accept each other's ids.
     */
    Optional<String> secret();

    /** Announces that arrive together (in one read batch) are applied in one store call, up to this many. */
    @WithDefault("64")
    int maxBatch();

    /**
     * {@code SO_RCVBUF} and {@code SO_SNDBUF} of each UDP socket, in bytes: what absorbs a burst while the
     * loop is busy. The kernel caps it at {@code net.core.rmem_max}/{@code wmem_max}; raise those to use more.
     */
    @WithDefault("4194304")
    int receiveBuffer();
}

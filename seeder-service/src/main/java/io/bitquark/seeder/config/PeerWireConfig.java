package io.bitquark.seeder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** The peer-wire server ({@code bitquark.seeder.peer.*}): connection limits and the bad-peer defences. */
@ConfigMapping(prefix = "bitquark.seeder.peer")
public interface PeerWireConfig {

    /** Peer connections open at once across every torrent; more are refused at accept. */
    @WithDefault("500")
    int maxConnections();

    /** Peer connections open at once for one torrent. */
    @WithDefault("100")
    int maxConnectionsPerTorrent();

    /** The largest block a peer may request, in bytes; larger requests are refused (BEP 6 reject) or disconnect. */
    @WithDefault("16384")
    int maxBlockLength();

    /**
     * Requests a peer may have outstanding (sent and not yet answered). It is the {@code reqq} of our BEP 10
     * handshake; a peer that goes past it is disconnected. 2000 is libtorrent's
     * {@code max_allowed_in_request_queue}: a fast leecher keeps hundreds of requests in flight, and a smaller
     * queue caps its rate on a fast link.
     */
    @WithDefault("2000")
    int maxOutstandingRequests();

    /** A peer that sends nothing, not even a keep-alive, for this long is disconnected. */
    @WithDefault("PT2M")
    Duration idleTimeout();

    /**
     * While downloading, a peer that sends no {@code piece} for this long while requests to it are outstanding
     * is snubbed: its requests go to other peers, and it is asked for one block at a time until it answers again.
     */
    @WithDefault("PT60S")
    Duration snubTimeout();

    /** How long a new connection may take to send its whole handshake. */
    @WithDefault("PT10S")
    Duration handshakeTimeout();

    /** How often a keep-alive is sent to a peer we have sent nothing else to. */
    @WithDefault("PT1M")
    Duration keepAliveInterval();

    /** Pieces in each peer's BEP 6 allowed-fast set (0 sends none). */
    @WithDefault("10")
    int allowedFastCount();

    /** Bytes queued for one peer's socket before reads for it pause (the send-buffer watermark). */
    @WithDefault("3145728")
    int sendBufferWatermark();

    /**
     * Message Stream Encryption (MSE/PE) and RC4 on the peer wire: {@code enabled} (plaintext preferred, RC4 for
     * peers that require it, either way), {@code required} (RC4 only, both ways) or {@code disabled} (never RC4).
     * See {@link PeerEncryption}.
     */
    @WithDefault("enabled")
    PeerEncryption encryption();

    /**
     * Event loops the peer wire runs on: one listener each, all on the peer-wire port, every connection staying on
     * the loop that accepted (or opened) it. Absent, as many as Vert.x has ({@code quarkus.vertx.event-loops-pool-size},
     * by default twice the cores). Round-robin choking always runs on one.
     */
    OptionalInt eventLoops();
}

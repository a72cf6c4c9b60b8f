package io.bitquark.seeder.announce;

import io.bitquark.protocol.tracker.Peer;
import io.bitquark.seeder.config.AnnounceConfig;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Makes each torrent's {@link TorrentAnnouncer}, all sharing one {@link TrackerClient} (one HTTP pool, one
 * UDP socket per address family, one connection-id cache). With {@code bitquark.seeder.announce.enabled}
 * off, announcers have no trackers and send nothing.
 *
 * <p>The seeder lifecycle stops its announcers ({@link TorrentAnnouncer#stop()}) on shutdown, before this
 * bean closes the client.
 */
@ApplicationScoped
public class Announcers {

    private final Vertx vertx;
    private final AnnounceConfig config;
    private final TrackerClient client;
    private final SecureRandom random = new SecureRandom();

    public Announcers(Vertx vertx, AnnounceConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.client = new TrackerClient(vertx, config.timeout());
    }

    /**
     * An announcer for one torrent, not yet started.
     *
     * @param announceList the torrent's tiers, as {@code Metainfo.announceTiers()} gives them
     * @param params       the torrent's current announce parameters, asked before each announce
     * @param peers        told of the peers each answer lists
     */
    public TorrentAnnouncer create(
            List<List<String>> announceList, Supplier<AnnounceParams> params, Consumer<List<Peer>> peers) {
        return new TorrentAnnouncer(
                vertx,
                client,
                config,
                config.enabled() ? announceList : List.of(),
                params,
                peers,
                random,
                Clock.systemUTC());
    }

    /** A fresh BEP 7 {@code key} for a torrent: random, kept for the torrent's life. */
    public int newKey() {
        return random.nextInt();
    }

    @PreDestroy
    void close() {
        client.close();
    }
}

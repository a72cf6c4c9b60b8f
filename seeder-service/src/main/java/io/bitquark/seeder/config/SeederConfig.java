package io.bitquark.seeder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * seeder-service configuration, under {@code bitquark.seeder}: where data and state live, and the process
 * identity it announces. Each other concern has its own mapping ({@link PeerWireConfig}, {@link ChokingConfig},
 * {@link StorageConfig}, {@link AnnounceConfig}). Every property can be set from the environment, e.g.
 * {@code BITQUARK_SEEDER_DATA_ROOT=/data}.
 */
@ConfigMapping(prefix = "bitquark.seeder")
public interface SeederConfig {

    /**
     * The directory that holds seeded content. A torrent's {@code dataPath} (the seed's {@code --saveas}) is
     * relative to it and never escapes it: {@code ..}, absolute paths and symlinks leading out are refused.
     */
    @WithDefault("data/content")
    String dataRoot();

    /** Where the set of torrents, their .torrent files and their fast-resume state are kept across restarts. */
    @WithDefault("data/seeder-state")
    String stateDir();

    /**
     * The peer-wire port. When it is taken, the next ports up to {@code peer-port-last} are tried in turn, as
     * the original client tried 6881 to 6889.
     */
    @WithDefault("6881")
    int peerPort();

    /** The last peer-wire port tried when {@code peer-port} is taken. */
    @WithDefault("6889")
    int peerPortLast();

    /** The interface the peer-wire server binds. */
    @WithDefault("0.0.0.0")
    String peerHost();

    /**
     * The IP address announced to trackers (the seed's {@code --ip}), for pods behind NAT or a Service.
     * Absent, trackers see the connection's address.
     */
    Optional<String> announceIp();

    /**
     * The port announced to trackers when it differs from the bound peer-wire port (a NodePort or a
     * LoadBalancer in front of the pod). Absent, the bound port is announced.
     */
    Optional<Integer> announcePort();

    /**
     * metainfo-service's base URL. A torrent added by {@code infoHash} or by a magnet link is fetched from it
     * ({@code GET /torrents/{infoHash}.torrent}).
     */
    Optional<String> metainfoUrl();

    /** Bearer token required by mutating REST calls (add, delete, pause, resume) when set. */
    Optional<String> adminToken();

    /** The largest .torrent accepted by {@code POST /api/torrents} or fetched from a {@code metainfoUrl}, in bytes. */
    @WithDefault("33554432")
    int maxTorrentSize();
}

package io.bitquark.metainfo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * metainfo-service configuration, under {@code bitquark.metainfo}. Every property can be set from the
 * environment, e.g. {@code BITQUARK_METAINFO_CONTENT_ROOT=/data}. Each concern has its own group.
 */
@ConfigMapping(prefix = "bitquark.metainfo")
public interface MetainfoConfig {

    /**
     * The directory whose files may be turned into torrents, and where uploads are written. A path given in
     * a request never escapes it: {@code ..}, absolute paths and symlinks leading out are refused.
     */
    @WithDefault("data/content")
    String contentRoot();

    /** Where hosted .torrent files are kept, so that a restart loses nothing; replicas may share it. */
    @WithDefault("data/torrents")
    String torrentDir();

    /** The public base URL of this service, used to build absolute {@code torrentUrl}s. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** The announce URL of torrents created without one. */
    Optional<String> defaultAnnounce();

    /** seeder-service's base URL; torrents created with {@code seed=true} are handed to it. */
    Optional<String> seederUrl();

    /**
     * tracker-service's base URL: each hosted torrent is put on its allowlist ({@code PUT /api/allowlist/{infohash}})
     * and taken off on delete.
     */
    Optional<String> trackerAdminUrl();

    /** The tracker's admin token, sent as a bearer token to {@code tracker-admin-url}. */
    Optional<String> trackerAdminToken();

    /**
     * A seed pool member's base URL (a seeder-service with {@code bitquark.seeder.pool.enabled}): torrents created
     * with {@code seed=true} are also added to the pool ({@code POST /pool/torrents}), which places them on R members;
     * the seeder at {@code seeder-url}, sharing this service's content volume, seeds them as the origin.
     */
    Optional<String> poolUrl();

    /** seeder-service's admin token, sent as a bearer token to {@code seeder-url} and {@code pool-url}. */
    Optional<String> seederToken();

    /** Bearer token required by mutating calls (create, upload, delete) when set. */
    Optional<String> adminToken();

    /** The largest upload accepted, in bytes (default 8 GiB). */
    @WithDefault("8589934592")
    long maxUploadSize();

    /** How torrents are created. */
    CreateConfig create();

    /** Creation jobs (asynchronous creations). */
    JobsConfig jobs();
}

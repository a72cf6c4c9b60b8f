package io.bitquark.metainfo.store;

import io.bitquark.protocol.metainfo.Metainfo;
import java.time.Instant;

/**
 * A torrent this service hosts, with what it knows beside the .torrent file.
 *
 * @param id             the v1 info-hash in hex, or the v2 one for v2-only torrents
 * @param metainfo       the torrent itself
 * @param hostedAt       when it was first hosted
 * @param uploadedContent the content path relative to the content root when the content was uploaded
 *                       (deleted with the torrent only on request), else {@code null}
 * @param seeding        what the seeder said when it was handed over, if it was
 */
public record HostedTorrent(
        String id, Metainfo metainfo, Instant hostedAt, String uploadedContent, SeedingStatus seeding) {}

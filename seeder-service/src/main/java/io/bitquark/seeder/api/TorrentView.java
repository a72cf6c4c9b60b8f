package io.bitquark.seeder.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.bitquark.seeder.announce.TrackerStatus;
import io.bitquark.seeder.download.WebSeedStatus;
import io.bitquark.seeder.peer.PeerSnapshot;
import io.bitquark.seeder.torrent.TorrentState;
import java.util.List;

/**
 * One seeded torrent as {@code GET /api/torrents/{infoHash}} reports it. Sizes are bytes, rates bytes per
 * second.
 *
 * @param id          the torrent's id in URLs: the v1 info-hash, or the v2 one for v2-only torrents
 * @param infoHash    the v1 info-hash (40 hex), absent for v2-only torrents
 * @param infoHashV2  the v2 info-hash (64 hex), absent for v1-only torrents
 * @param state       checking, metadata, downloading, seeding, partial, paused or error
 * @param reason      why it is partial, paused or in error
 * @param percent     how far the hash check has gone, 0-100
 * @param piecesHave  pieces verified and served
 * @param piecesTotal pieces in the torrent
 * @param download    whether missing pieces are downloaded
 * @param downloadPercent the share of the torrent's bytes verified, 0-100
 * @param downloaded  bytes downloaded and verified since the torrent was added or restarted
 * @param downloadRate payload bytes received per second over the last seconds
 * @param etaSeconds  the seconds left at the current rate; absent when not downloading or nothing arrives
 * @param wastedBytes bytes received for nothing: pieces that failed their hash, and blocks received twice
 * @param uploadRateLimit   the torrent's upload limit in force, bytes per second, 0 unlimited (the process-wide
 *                          limit applies on top)
 * @param downloadRateLimit the torrent's download limit in force, bytes per second, 0 unlimited
 * @param webSeeds    the web seeds it downloads from (BEP 19 {@code url-list}, BEP 17 {@code httpseeds}); their
 *                    verified bytes count in {@code downloaded}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TorrentView(
        String id,
        String infoHash,
        String infoHashV2,
        String name,
        String dataPath,
        TorrentState state,
        String reason,
        double percent,
        int piecesHave,
        int piecesTotal,
        boolean download,
        double downloadPercent,
        long downloaded,
        long downloadRate,
        Long etaSeconds,
        long wastedBytes,
        long totalSize,
        long uploaded,
        long uploadRate,
        long uploadRateLimit,
        long downloadRateLimit,
        List<PeerSnapshot> peers,
        List<TrackerStatus> trackers,
        List<WebSeedStatus> webSeeds) {}

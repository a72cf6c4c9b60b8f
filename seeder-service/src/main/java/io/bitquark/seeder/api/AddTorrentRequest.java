package io.bitquark.seeder.api;

/**
 * The JSON form of {@code POST /api/torrents}: exactly one of {@code infoHash}, {@code metainfoUrl} or
 * {@code magnet} names the torrent.
 *
 * @param infoHash    a v1 (40 hex) or v2 (64 hex) info-hash, fetched from metainfo-service
 * @param metainfoUrl the .torrent's full http(s) URL (btdownloadheadless's {@code --url})
 * @param magnet      a magnet link; its info-hash is fetched from metainfo-service
 * @param dataPath    the content (the seed's {@code --saveas}) relative to the data root; default {@code <name>}
 * @param download    fetch missing pieces from other peers (default false: missing data makes a partial seed)
 * @param uploadRateLimit   the torrent's own upload limit in bytes per second, 0 unlimited; default
 *                          {@code choking.torrent-upload-rate-limit}
 * @param downloadRateLimit the torrent's own download limit in bytes per second, 0 unlimited; default
 *                          {@code choking.torrent-download-rate-limit}
 */
public record AddTorrentRequest(
        String infoHash,
        String metainfoUrl,
        String magnet,
        String dataPath,
        Boolean download,
        Long uploadRateLimit,
        Long downloadRateLimit) {}

package io.bitquark.seeder.api;

/**
 * The JSON form of {@code PATCH /api/torrents/{infoHash}}: what to change of a torrent; an absent field is kept.
 *
 * @param uploadRateLimit   the torrent's own upload limit in bytes per second, 0 unlimited
 * @param downloadRateLimit the torrent's own download limit in bytes per second, 0 unlimited
 */
public record TorrentPatch(Long uploadRateLimit, Long downloadRateLimit) {}

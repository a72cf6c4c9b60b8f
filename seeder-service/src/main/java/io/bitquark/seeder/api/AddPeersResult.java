package io.bitquark.seeder.api;

/**
 * What {@code POST /api/torrents/{infoHash}/peers} answers.
 *
 * @param added how many of the peers were new to the torrent
 * @param known how many peers the torrent knows of now, from every source
 */
public record AddPeersResult(int added, int known) {}

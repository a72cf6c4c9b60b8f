package io.bitquark.seeder.api;

import java.util.List;

/**
 * The JSON form of {@code POST /api/torrents/{infoHash}/peers}.
 *
 * @param peers peers to connect to, each {@code host:port} ({@code [v6]:port} for an IPv6 address)
 */
public record AddPeersRequest(List<String> peers) {}

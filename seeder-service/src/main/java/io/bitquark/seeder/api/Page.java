package io.bitquark.seeder.api;

import java.util.List;

/** One page of {@code GET /api/torrents}: the torrents on it and the total. */
public record Page(List<TorrentView> items, int total, int offset, int limit) {}

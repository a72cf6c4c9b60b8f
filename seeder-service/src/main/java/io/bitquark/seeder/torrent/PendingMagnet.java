package io.bitquark.seeder.torrent;

import io.bitquark.seeder.metadata.MetadataSearch;

/**
 * A torrent added by a magnet link whose metadata is being fetched from peers (state {@code metadata}), with what
 * its add request asked for once the metadata is in.
 *
 * @param search   the search for its info dictionary
 * @param dataPath the content relative to the data root, or null for the torrent's name
 * @param download whether missing pieces are downloaded once it has its metainfo
 * @param limits   its own rate limits
 */
public record PendingMagnet(MetadataSearch search, String dataPath, boolean download, TorrentLimits limits) {

    /** The torrent's id: its v1 info-hash, or its v2 one. */
    public String id() {
        return search.id();
    }

    /** The magnet's display name ({@code dn}), or the id. */
    public String name() {
        return search.magnet().displayName().orElse(id());
    }
}

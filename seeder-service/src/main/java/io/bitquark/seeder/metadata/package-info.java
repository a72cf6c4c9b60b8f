/**
 * Torrents known only by a magnet link, while their info dictionary is fetched from peers (BEP 9,
 * {@code ut_metadata}): the {@link io.bitquark.seeder.metadata.MetadataSearch} of one torrent, which the peer wire
 * serves in place of a torrent until the metadata is verified, and the {@link
 * io.bitquark.seeder.metadata.MetadataRole} of each of its connections.
 */
package io.bitquark.seeder.metadata;

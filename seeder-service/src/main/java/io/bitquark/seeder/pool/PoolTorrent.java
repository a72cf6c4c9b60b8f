package io.bitquark.seeder.pool;

/**
 * One torrent of the pool's catalog: its info-hash (lower-case hex), how many members should seed it
 * (its replica count R), when it was added, in milliseconds since the epoch by the store's clock, and the bytes of
 * its content (what one copy takes on a member's disk). The .torrent itself is read with
 * {@link PoolStore#torrentFile}.
 */
public record PoolTorrent(String infoHash, int replicas, long addedAtMillis, long bytes) {}

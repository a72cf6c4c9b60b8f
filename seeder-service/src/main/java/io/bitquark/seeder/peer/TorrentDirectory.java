package io.bitquark.seeder.peer;

/** Finds the torrent a handshake names among the torrents this process seeds. */
@FunctionalInterface
public interface TorrentDirectory {

    /** The torrent whose v1 info-hash or truncated v2 info-hash is {@code handshakeHash}, or null. */
    ServedTorrent find(byte[] handshakeHash);
}

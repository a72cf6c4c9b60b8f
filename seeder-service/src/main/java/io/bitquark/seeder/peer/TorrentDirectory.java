package io.bitquark.seeder.peer;

/** Finds the torrent a handshake names among the torrents this process seeds. */
public interface TorrentDirectory {

    /** The torrent whose v1 info-hash or truncated v2 info-hash is {@code handshakeHash}, or null. */
    ServedTorrent find(byte[] handshakeHash);

    /**
     * For an encrypted (MSE) handshake, which names its torrent only as {@code HASH('req2', SKEY)}: the
     * handshake hash (SKEY) of a seeded torrent with that digest, or null. See {@link ObfuscatedHashes}.
     */
    byte[] findObfuscated(byte[] req2Hash);
}

package io.bitquark.seeder.peer;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The torrents a test seeds, by handshake hash. */
final class TestDirectory implements TorrentDirectory {

    private final Map<ByteBuffer, ServedTorrent> torrents = new ConcurrentHashMap<>();

    TestDirectory add(ServedTorrent torrent) {
        torrents.put(ByteBuffer.wrap(torrent.handshakeHash()), torrent);
        return this;
    }

    @Override
    public ServedTorrent find(byte[] handshakeHash) {
        return torrents.get(ByteBuffer.wrap(handshakeHash));
    }
}

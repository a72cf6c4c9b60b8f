package io.bitquark.seeder.peer;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The torrents a test seeds, by handshake hash. */
final class TestDirectory implements TorrentDirectory {

    private final Map<ByteBuffer, ServedTorrent> torrents = new ConcurrentHashMap<>();

    TestDirectory add(ServedTorrent torrent) {
        return add(torrent.handshakeHash(), torrent);
    }

    /** Finds {@code torrent} under another hash too, as a hybrid torrent is found by its truncated v2 hash. */
    TestDirectory add(byte[] handshakeHash, ServedTorrent torrent) {
        torrents.put(ByteBuffer.wrap(handshakeHash.clone()), torrent);
        return this;
    }

    @Override
    public ServedTorrent find(byte[] handshakeHash) {
        return torrents.get(ByteBuffer.wrap(handshakeHash));
    }
}

package io.bitquark.seeder.peer;

import io.bitquark.seeder.upload.TorrentUpload;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peers connected for one torrent, with what its upload role shares (the choker, the upload limit). Created
 * when its first peer arrives and dropped when its last one leaves. Membership changes under the registry's lock;
 * the set may be read from any thread.
 */
final class Swarm {

    private final ServedTorrent torrent;
    private final TorrentUpload upload;
    private final Set<PeerSession> peers = ConcurrentHashMap.newKeySet();

    Swarm(ServedTorrent torrent, TorrentUpload upload) {
        this.torrent = torrent;
        this.upload = upload;
    }

    ServedTorrent torrent() {
        return torrent;
    }

    TorrentUpload upload() {
        return upload;
    }

    int size() {
        return peers.size();
    }

    void add(PeerSession peer) {
        peers.add(peer);
    }

    boolean remove(PeerSession peer) {
        return peers.remove(peer);
    }

    /** A copy of the peers, safe to iterate while connections close. */
    List<PeerSession> peers() {
        return new ArrayList<>(peers);
    }
}

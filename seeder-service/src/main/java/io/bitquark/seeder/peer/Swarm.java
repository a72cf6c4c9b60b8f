package io.bitquark.seeder.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peers connected for one torrent, with the torrent's choker and upload limit. Created when its first peer
 * arrives and dropped when its last one leaves. Membership changes on the event loop; the set may be read from
 * any thread for snapshots.
 */
final class Swarm {

    private final ServedTorrent torrent;
    private final Choker choker;
    private final UploadThrottle throttle;
    private final Set<PeerConnection> peers = ConcurrentHashMap.newKeySet();

    Swarm(ServedTorrent torrent, Choker choker, UploadThrottle throttle) {
        this.torrent = torrent;
        this.choker = choker;
        this.throttle = throttle;
    }

    ServedTorrent torrent() {
        return torrent;
    }

    Choker choker() {
        return choker;
    }

    UploadThrottle throttle() {
        return throttle;
    }

    int size() {
        return peers.size();
    }

    void add(PeerConnection peer) {
        peers.add(peer);
    }

    boolean remove(PeerConnection peer) {
        return peers.remove(peer);
    }

    /** A copy of the peers, safe to iterate while connections close. */
    List<PeerConnection> peers() {
        return new ArrayList<>(peers);
    }
}

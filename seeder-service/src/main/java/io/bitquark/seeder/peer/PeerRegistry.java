package io.bitquark.seeder.peer;

import io.bitquark.seeder.config.ChokingConfig;
import io.bitquark.seeder.config.PeerWireConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open peer connection and the swarm of each torrent, with the connection limits: the process-wide
 * limit applies at accept, the per-torrent limit once the handshake names the torrent. Changes happen on the
 * event loop; reads for snapshots may come from any thread.
 */
final class PeerRegistry {

    private final PeerWireConfig config;
    private final ChokingConfig choking;
    private final TokenBucket globalBucket;
    private final Set<PeerConnection> connections = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Swarm> swarms = new ConcurrentHashMap<>();

    PeerRegistry(PeerWireConfig config, ChokingConfig choking, long now) {
        this.config = config;
        this.choking = choking;
        this.globalBucket = new TokenBucket(choking.uploadRateLimit(), now);
    }

    /** Registers a new connection, unless the process-wide limit is reached. */
    boolean admit(PeerConnection connection) {
        if (connections.size() >= config.maxConnections()) {
            return false;
        }
        connections.add(connection);
        return true;
    }

    /** Adds the connection to its torrent's swarm, or returns null when the torrent's limit is reached. */
    Swarm join(PeerConnection connection, ServedTorrent torrent, long now) {
        Swarm swarm = swarms.computeIfAbsent(
                torrent.id(),
                id -> new Swarm(
                        torrent,
                        Choker.of(choking, now),
                        new UploadThrottle(globalBucket, new TokenBucket(choking.torrentUploadRateLimit(), now))));
        if (swarm.size() >= config.maxConnectionsPerTorrent()) {
            return null;
        }
        swarm.add(connection);
        return swarm;
    }

    /** Forgets a closed connection, and its swarm when it was the last peer. */
    void remove(PeerConnection connection, Swarm swarm) {
        connections.remove(connection);
        if (swarm != null && swarm.remove(connection) && swarm.size() == 0) {
            swarms.remove(swarm.torrent().id(), swarm);
        }
    }

    Swarm swarm(String torrentId) {
        return swarms.get(torrentId);
    }

    Collection<Swarm> swarms() {
        return swarms.values();
    }

    int size() {
        return connections.size();
    }

    /** A copy of every connection, safe to iterate while connections close. */
    List<PeerConnection> connections() {
        return new ArrayList<>(connections);
    }
}

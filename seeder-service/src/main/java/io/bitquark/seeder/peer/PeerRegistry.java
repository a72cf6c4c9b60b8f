package io.bitquark.seeder.peer;

import io.bitquark.seeder.config.PeerWireConfig;
import io.bitquark.seeder.upload.Uploads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open peer connection and the swarm of each torrent, with the connection limits: the process-wide
 * limit applies when a connection opens, the per-torrent limit once the torrent is known. Connections on every
 * event loop change it, under one lock (taken once per connection, never per message); reads for snapshots may
 * come from any thread without it.
 */
final class PeerRegistry {

    private final PeerWireConfig config;
    private final Uploads uploads;
    private final Set<PeerSession> connections = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Swarm> swarms = new ConcurrentHashMap<>();

    PeerRegistry(PeerWireConfig config, Uploads uploads) {
        this.config = config;
        this.uploads = uploads;
    }

    /** Registers a new connection, unless the process-wide limit is reached. */
    synchronized boolean admit(PeerSession connection) {
        if (connections.size() >= config.maxConnections()) {
            return false;
        }
        connections.add(connection);
        return true;
    }

    /** Adds the connection to its torrent's swarm, or returns null when the torrent's limit is reached. */
    synchronized Swarm join(PeerSession connection, ServedTorrent torrent, long now) {
        // A swarm is its torrent's: peers still closing for an earlier object of the same id (a metadata search
        // that found its torrent, a torrent removed and added again) keep the old swarm, which leaves the map
        // only when it is still the one there.
        Swarm swarm = swarms.get(torrent.id());
        if (swarm == null || swarm.torrent() != torrent) {
            swarm = new Swarm(torrent, uploads.forTorrent(torrent, now));
            swarms.put(torrent.id(), swarm);
        }
        if (swarm.size() >= config.maxConnectionsPerTorrent()) {
            return null;
        }
        swarm.add(connection);
        return swarm;
    }

    /** Forgets a closed connection, and its swarm when it was the last peer. */
    synchronized void remove(PeerSession connection, Swarm swarm) {
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
    List<PeerSession> connections() {
        return new ArrayList<>(connections);
    }
}

package io.bitquark.seeder.peer;

import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what the server reports, in order; read by tests from their own thread. */
final class RecordingListener implements PeerWireListener {

    /** One choke or unchoke, as the server sent it. */
    record ChokeEvent(String peer, boolean choked) {}

    final Map<DisconnectReason, AtomicInteger> disconnects = new ConcurrentHashMap<>();
    final Map<RejectReason, AtomicInteger> rejects = new ConcurrentHashMap<>();
    final List<ChokeEvent> chokes = new CopyOnWriteArrayList<>();
    final AtomicInteger connected = new AtomicInteger();
    /** The threads (event loops) peers were connected on. */
    final Set<String> connectedOn = ConcurrentHashMap.newKeySet();

    @Override
    public void peerConnected(ServedTorrent torrent, SocketAddress peer) {
        connected.incrementAndGet();
        connectedOn.add(Thread.currentThread().getName());
    }

    @Override
    public void peerDisconnected(ServedTorrent torrent, SocketAddress peer, DisconnectReason reason) {
        disconnects.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void requestRejected(ServedTorrent torrent, SocketAddress peer, RejectReason reason) {
        rejects.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void chokeChanged(ServedTorrent torrent, SocketAddress peer, boolean choked) {
        chokes.add(new ChokeEvent(peer.hostAddress() + ":" + peer.port(), choked));
    }

    int disconnects(DisconnectReason reason) {
        AtomicInteger n = disconnects.get(reason);
        return n == null ? 0 : n.get();
    }

    int rejects(RejectReason reason) {
        AtomicInteger n = rejects.get(reason);
        return n == null ? 0 : n.get();
    }
}

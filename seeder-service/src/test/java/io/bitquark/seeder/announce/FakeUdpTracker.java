package io.bitquark.seeder.announce;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpAnnounceResponse;
import io.bitquark.protocol.tracker.udp.UdpConnectRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectResponse;
import io.bitquark.protocol.tracker.udp.UdpErrorResponse;
import io.bitquark.protocol.tracker.udp.UdpPacketException;
import io.bitquark.protocol.tracker.udp.UdpTrackerPackets;
import io.bitquark.protocol.tracker.udp.UdpTrackerRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A BEP 15 tracker for tests: a real Vert.x datagram socket on a free loopback port that records every
 * request (decoded with the protocol module's codecs), hands out connection ids, refuses announces that
 * carry an id it never gave, and answers as the test tells it.
 */
final class FakeUdpTracker implements AutoCloseable {

    private final DatagramSocket socket;
    private final List<UdpTrackerRequest> received = new CopyOnWriteArrayList<>();
    private final Set<Long> issued = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextConnectionId = new AtomicLong(0x1234_5678_0000L);
    private final AtomicInteger toDrop = new AtomicInteger();
    private volatile int interval = 1800;
    private volatile List<Peer> peers = List.of();
    private volatile String refusal;
    private volatile boolean quiet;

    private FakeUdpTracker(Vertx vertx) {
        socket = vertx.createDatagramSocket().handler(this::handle);
        socket.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    static FakeUdpTracker start(Vertx vertx) {
        return new FakeUdpTracker(vertx);
    }

    /** The tracker's URL with {@code pathAndQuery} (e.g. {@code /announce}), sent by clients as BEP 41 URLData. */
    String url(String pathAndQuery) {
        return "udp://127.0.0.1:" + socket.localAddress().port() + pathAndQuery;
    }

    void answer(int intervalSeconds, List<Peer> answerPeers) {
        interval = intervalSeconds;
        peers = List.copyOf(answerPeers);
        refusal = null;
        quiet = false;
    }

    /** Answers every announce (not connects) with a BEP 15 error packet. */
    void refuseAnnounces(String message) {
        refusal = message;
    }

    /** Ignores every packet from now on. */
    void stayQuiet() {
        quiet = true;
    }

    /** Ignores the next {@code n} packets, as a lossy network would. */
    void drop(int n) {
        toDrop.set(n);
    }

    List<UdpTrackerRequest> received() {
        return List.copyOf(received);
    }

    List<UdpConnectRequest> connects() {
        return received.stream()
                .filter(UdpConnectRequest.class::isInstance)
                .map(UdpConnectRequest.class::cast)
                .toList();
    }

    List<UdpAnnounceRequest> announces() {
        return received.stream()
                .filter(UdpAnnounceRequest.class::isInstance)
                .map(UdpAnnounceRequest.class::cast)
                .toList();
    }

    private void handle(DatagramPacket packet) {
        UdpTrackerRequest request;
        try {
            request = UdpTrackerPackets.decodeRequest(packet.data().getBytes());
        } catch (UdpPacketException e) {
            return;
        }
        received.add(request);
        if (quiet || toDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return;
        }
        byte[] reply;
        if (request instanceof UdpConnectRequest connect) {
            long id = nextConnectionId.getAndIncrement();
            issued.add(id);
            reply = new UdpConnectResponse(connect.transactionId(), id).encode();
        } else if (request instanceof UdpAnnounceRequest announce) {
            if (!issued.contains(announce.connectionId())) {
                reply = new UdpErrorResponse(announce.transactionId(), "unknown connection id").encode();
            } else if (refusal != null) {
                reply = new UdpErrorResponse(announce.transactionId(), refusal).encode();
            } else {
                reply = new UdpAnnounceResponse(announce.transactionId(), interval, 1, 2, AddressFamily.IPV4, peers)
                        .encode();
            }
        } else {
            return;
        }
        socket.send(
                Buffer.buffer(reply), packet.sender().port(), packet.sender().host());
    }

    @Override
    public void close() {
        socket.close().toCompletionStage().toCompletableFuture().join();
    }
}

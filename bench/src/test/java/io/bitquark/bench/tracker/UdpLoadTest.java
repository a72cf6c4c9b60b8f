package io.bitquark.bench.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.Peer;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpAnnounceResponse;
import io.bitquark.protocol.tracker.udp.UdpConnectRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectResponse;
import io.bitquark.protocol.tracker.udp.UdpErrorResponse;
import io.bitquark.protocol.tracker.udp.UdpTrackerPackets;
import io.bitquark.protocol.tracker.udp.UdpTrackerRequest;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpLoadTest {

    private static final long CONNECTION_ID = 0x1234_5678_9abcL;

    private DatagramSocket tracker;
    private Thread server;
    private final Set<Integer> announcedKeys = new HashSet<>();
    private final AtomicInteger connects = new AtomicInteger();
    private volatile int dropEvery;
    private volatile boolean refuseFirstAnnounce;

    /** A fake BEP 15 tracker: answers connects, announces with one peer, optionally drops or refuses. */
    @BeforeEach
    void startTracker() throws SocketException {
        tracker = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server = new Thread(() -> {
            byte[] buffer = new byte[1500];
            int received = 0;
            try {
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    tracker.receive(packet);
                    UdpTrackerRequest request =
                            UdpTrackerPackets.decodeRequest(Arrays.copyOf(packet.getData(), packet.getLength()));
                    byte[] reply;
                    if (request instanceof UdpConnectRequest connect) {
                        connects.incrementAndGet();
                        reply = new UdpConnectResponse(connect.transactionId(), CONNECTION_ID).encode();
                    } else {
                        UdpAnnounceRequest announce = (UdpAnnounceRequest) request;
                        received++;
                        if (dropEvery > 0 && received % dropEvery == 0) {
                            continue;
                        }
                        if (announce.connectionId() != CONNECTION_ID || refuseFirstAnnounce) {
                            refuseFirstAnnounce = false;
                            reply = new UdpErrorResponse(announce.transactionId(), "bad connection id").encode();
                        } else {
                            synchronized (announcedKeys) {
                                announcedKeys.add(announce.key());
                            }
                            reply = new UdpAnnounceResponse(
                                            announce.transactionId(),
                                            1800,
                                            1,
                                            0,
                                            AddressFamily.IPV4,
                                            List.of(Peer.of(new byte[] {10, 0, 0, 1}, 6881)))
                                    .encode();
                        }
                    }
                    tracker.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (Exception stopped) {
                // the socket was closed by the test
            }
        });
        server.start();
    }

    @AfterEach
    void stopTracker() throws InterruptedException {
        tracker.close();
        server.join();
    }

    private UdpLoad.Result fill(int peers, long timeoutNanos) throws Exception {
        UdpLoad.Settings settings = new UdpLoad.Settings(50, 60_000_000_000L, timeoutNanos, true);
        long start = System.nanoTime();
        UdpLoad.FillPeers workload = new UdpLoad.FillPeers(new byte[20], 0, peers);
        UdpLoad.Result result = new UdpLoad.Worker(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), tracker.getLocalPort()),
                        2,
                        4,
                        workload,
                        settings,
                        start,
                        start + 60_000_000_000L,
                        new SplittableRandom(1))
                .run();
        assertThat(workload.finished()).isTrue();
        return result;
    }

    @Test
    void connectsOncePerSocketThenAnnouncesEveryPeerWithTheConnectionId() throws Exception {
        UdpLoad.Result result = fill(500, 5_000_000_000L);
        assertThat(connects.get()).isEqualTo(2);
        assertThat(result.connects).isEqualTo(2);
        assertThat(result.responses).isEqualTo(500);
        assertThat(result.errors).isZero();
        assertThat(result.latency.count()).isEqualTo(500);
        assertThat(announcedKeys).hasSize(500);
    }

    @Test
    void retriesAnnouncesThatTimedOutUntilEveryPeerIsAnswered() throws Exception {
        dropEvery = 7;
        UdpLoad.Result result = fill(200, 50_000_000L);
        assertThat(result.timeouts).isPositive();
        assertThat(announcedKeys).hasSize(200);
    }

    @Test
    void asksForANewConnectionIdAfterAnErrorResponse() throws Exception {
        refuseFirstAnnounce = true;
        UdpLoad.Result result = fill(100, 5_000_000_000L);
        assertThat(result.errors).isEqualTo(1);
        assertThat(result.firstError).contains("bad connection id");
        assertThat(connects.get()).isEqualTo(3);
        assertThat(announcedKeys).hasSize(100);
    }

    @Test
    void openLoopSendsAtTheRateAndTimesFromTheDueTime() throws Exception {
        // 2000 announces/s for 1 s after 0.2 s of warm-up, over 2 sockets x 4 slots
        UdpLoad.Settings settings = new UdpLoad.Settings(50, 60_000_000_000L, 1_000_000_000L, false, 500_000L);
        long start = System.nanoTime();
        UdpLoad.Result result = new UdpLoad.Worker(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), tracker.getLocalPort()),
                        2,
                        4,
                        new UdpLoad.FillPeers(new byte[20], 0, 1_000_000),
                        settings,
                        start + 200_000_000L,
                        start + 1_200_000_000L,
                        new SplittableRandom(1))
                .run();
        assertThat(connects.get()).isEqualTo(2);
        // open loop: each of the 2000 announces due in the window counts once, answered or (on a machine too
        // busy to send it within the timeout) timed out, whatever the machine's speed
        assertThat(result.responses + result.timeouts)
                .as("announces due in the window")
                .isBetween(1999L, 2001L);
        assertThat(result.responses).isPositive();
        assertThat(result.errors).isZero();
        assertThat(result.empty).isZero();
        assertThat(result.latency.count())
                .as("latencies: the answered ones, and the timed-out ones at the timeout")
                .isEqualTo(result.responses + result.timeouts);
        assertThat(result.fromSend.count()).isEqualTo(result.responses);
        assertThat(result.latency.percentile(50)).isGreaterThanOrEqualTo(result.fromSend.percentile(50));
    }

    @Test
    void openLoopCountsEveryAnnounceDueInTheWindowAsATimeoutWhenNoneIsAnswered() throws Exception {
        dropEvery = 1;
        // 2000 announces/s for 1 s, 8 slots, 100 ms timeout: the slots stay full, most announces are never sent
        UdpLoad.Settings settings = new UdpLoad.Settings(50, 60_000_000_000L, 100_000_000L, false, 500_000L);
        long start = System.nanoTime();
        UdpLoad.Result result = new UdpLoad.Worker(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), tracker.getLocalPort()),
                        2,
                        4,
                        new UdpLoad.FillPeers(new byte[20], 0, 1_000_000),
                        settings,
                        start + 200_000_000L,
                        start + 1_200_000_000L,
                        new SplittableRandom(1))
                .run();
        assertThat(result.responses).isZero();
        assertThat(result.timeouts).isBetween(1900L, 2100L);
        assertThat(result.latency.count()).isEqualTo(result.timeouts);
        assertThat(result.latency.percentile(50)).isEqualTo(100_000L);
    }

    @Test
    void indexedPeersDeriveIdKeyAndPortFromTheIndexAlone() {
        UdpLoad.PeerSpec a = UdpLoad.indexed(new byte[20], 70_000);
        UdpLoad.PeerSpec b = UdpLoad.indexed(new byte[20], 70_000);
        assertThat(a.peerId()).isEqualTo(b.peerId()).startsWith("-BQ0100-".getBytes());
        assertThat(ByteBuffer.wrap(a.peerId()).getInt(16)).isEqualTo(70_000);
        assertThat(a.key()).isEqualTo(70_000);
        assertThat(a.port()).isEqualTo(1024 + 6_000);
        assertThat(UdpLoad.indexed(new byte[20], 70_001).peerId()).isNotEqualTo(a.peerId());
    }
}

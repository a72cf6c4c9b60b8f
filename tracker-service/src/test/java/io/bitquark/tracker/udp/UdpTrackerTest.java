package io.bitquark.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.udp.UdpAnnounceRequest;
import io.bitquark.protocol.tracker.udp.UdpAnnounceResponse;
import io.bitquark.protocol.tracker.udp.UdpConnectRequest;
import io.bitquark.protocol.tracker.udp.UdpConnectResponse;
import io.bitquark.protocol.tracker.udp.UdpErrorResponse;
import io.bitquark.protocol.tracker.udp.UdpScrapeRequest;
import io.bitquark.protocol.tracker.udp.UdpScrapeResponse;
import io.bitquark.protocol.tracker.udp.UdpTrackerPackets;
import io.bitquark.protocol.tracker.udp.UdpTrackerResponse;
import io.bitquark.tracker.TrackerClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BEP 15 conformance of the UDP tracker, over a real socket. */
@QuarkusTest
class UdpTrackerTest {

    static final AtomicInteger SWARMS = new AtomicInteger();

    @Inject
    UdpTrackerServer server;

    DatagramSocket socket;
    byte[] swarm;

    @BeforeEach
    void open() throws Exception {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(5000);
        swarm = TrackerClient.bytes20("udp-swarm", SWARMS.incrementAndGet());
    }

    @AfterEach
    void close() {
        socket.close();
    }

    UdpTrackerResponse exchange(byte[] packet) throws Exception {
        socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), server.port()));
        byte[] buffer = new byte[2048];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        socket.receive(reply);
        return UdpTrackerPackets.decodeResponse(Arrays.copyOf(buffer, reply.getLength()), AddressFamily.IPV4);
    }

    long connect() throws Exception {
        UdpConnectResponse r = (UdpConnectResponse) exchange(new UdpConnectRequest(77).encode());
        assertThat(r.transactionId()).isEqualTo(77);
        return r.connectionId();
    }

    UdpAnnounceRequest announce(long connectionId, int peer, long left, AnnounceEvent event, int numWant) {
        return new UdpAnnounceRequest(
                connectionId,
                1000 + peer,
                swarm,
                TrackerClient.bytes20("-BQ0100-", peer),
                0,
                left,
                0,
                event,
                0,
                peer,
                numWant,
                20000 + peer,
                new byte[0]);
    }

    @Test
    void connectThenAnnounceReturnsTheOtherPeersAndCounts() throws Exception {
        long id = connect();
        exchange(announce(id, 1, 0, AnnounceEvent.STARTED, 50).encode());
        UdpAnnounceResponse r = (UdpAnnounceResponse)
                exchange(announce(id, 2, 100, AnnounceEvent.STARTED, -1).encode());
        assertThat(r.transactionId()).isEqualTo(1002);
        assertThat(r.interval()).isEqualTo(1800);
        assertThat(r.seeders()).isEqualTo(1);
        assertThat(r.leechers()).isEqualTo(1);
        assertThat(r.peers()).singleElement().satisfies(p -> {
            assertThat(p.addressText()).isEqualTo("127.0.0.1");
            assertThat(p.port()).isEqualTo(20001);
        });
    }

    @Test
    void anAnnounceWithABep41OptionTrailerIsAccepted() throws Exception {
        long id = connect();
        byte[] plain = announce(id, 1, 10, AnnounceEvent.STARTED, 10).encode();
        byte[] withOptions = Arrays.copyOf(plain, plain.length + 2 + 9 + 1);
        int at = plain.length;
        withOptions[at++] = 2;
        withOptions[at++] = 9;
        System.arraycopy("/announce".getBytes(), 0, withOptions, at, 9);
        at += 9;
        withOptions[at] = 0;
        assertThat(exchange(withOptions)).isInstanceOf(UdpAnnounceResponse.class);
    }

    @Test
    void scrapeAnswersEachInfoHash() throws Exception {
        long id = connect();
        exchange(announce(id, 1, 0, AnnounceEvent.STARTED, 0).encode());
        exchange(announce(id, 2, 5, AnnounceEvent.STARTED, 0).encode());
        exchange(announce(id, 2, 0, AnnounceEvent.COMPLETED, 0).encode());
        byte[] unknown = TrackerClient.bytes20("udp-unknown", 1);
        UdpScrapeResponse r =
                (UdpScrapeResponse) exchange(new UdpScrapeRequest(id, 5, List.of(swarm, unknown)).encode());
        assertThat(r.entries())
                .containsExactly(new UdpScrapeResponse.Entry(2, 1, 0), new UdpScrapeResponse.Entry(0, 0, 0));
    }

    @Test
    void aForgedConnectionIdGetsAnErrorPacket() throws Exception {
        UdpErrorResponse e = (UdpErrorResponse) exchange(
                announce(0x1234_5678_9abcL, 1, 10, AnnounceEvent.STARTED, 10).encode());
        assertThat(e.transactionId()).isEqualTo(1001);
        assertThat(e.message()).isEqualTo(UdpTrackerServer.INVALID_CONNECTION_ID);
    }

    @Test
    void aTruncatedPacketGetsAnErrorPacket() throws Exception {
        long id = connect();
        byte[] whole = announce(id, 1, 10, AnnounceEvent.STARTED, 10).encode();
        UdpErrorResponse e = (UdpErrorResponse) exchange(Arrays.copyOf(whole, 60));
        assertThat(e.transactionId()).isEqualTo(1001);
        assertThat(e.message()).isNotBlank();
        assertThat(exchange(new byte[] {1, 2, 3})).isInstanceOf(UdpErrorResponse.class);
    }

    @Test
    void portZeroIsRefused() throws Exception {
        long id = connect();
        UdpAnnounceRequest bad = new UdpAnnounceRequest(
                id,
                9,
                swarm,
                TrackerClient.bytes20("-BQ0100-", 1),
                0,
                10,
                0,
                AnnounceEvent.STARTED,
                0,
                1,
                10,
                0,
                new byte[0]);
        assertThat(((UdpErrorResponse) exchange(bad.encode())).message()).contains("port");
    }
}

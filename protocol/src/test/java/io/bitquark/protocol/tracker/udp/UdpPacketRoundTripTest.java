package io.bitquark.protocol.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Encode then decode every packet type with seeded random values, directly and through the dispatchers. */
class UdpPacketRoundTripTest {

    private static final int ROUNDS = 300;

    private static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    @Test
    void connectPacketsRoundTrip() throws UdpPacketException {
        Random random = new Random(1);
        for (int i = 0; i < ROUNDS; i++) {
            UdpConnectRequest request = new UdpConnectRequest(random.nextInt());
            UdpConnectResponse response = new UdpConnectResponse(random.nextInt(), random.nextLong());

            assertThat(UdpConnectRequest.decode(request.encode())).isEqualTo(request);
            assertThat(UdpTrackerPackets.decodeRequest(request.encode())).isEqualTo(request);
            assertThat(UdpConnectResponse.decode(response.encode())).isEqualTo(response);
            assertThat(UdpTrackerPackets.decodeResponse(response.encode(), AddressFamily.IPV4))
                    .isEqualTo(response);
        }
    }

    @Test
    void announceRequestsRoundTripWithAndWithoutUrlData() throws UdpPacketException {
        Random random = new Random(2);
        AnnounceEvent[] events = AnnounceEvent.values();
        for (int i = 0; i < ROUNDS; i++) {
            UdpAnnounceRequest request = new UdpAnnounceRequest(
                    random.nextLong(),
                    random.nextInt(),
                    bytes(random, 20),
                    bytes(random, 20),
                    random.nextLong(),
                    random.nextLong(),
                    random.nextLong(),
                    events[random.nextInt(events.length)],
                    random.nextInt(),
                    random.nextInt(),
                    random.nextInt(),
                    random.nextInt(65536),
                    random.nextBoolean()
                            ? new byte[0]
                            : bytes(random, random.nextInt(UdpAnnounceRequest.MAX_URL_DATA_LENGTH + 1)));
            byte[] packet = request.encode();

            assertThat(packet.length).isBetween(UdpAnnounceRequest.SIZE, UdpAnnounceRequest.MAX_SIZE);
            assertThat(UdpAnnounceRequest.decode(packet)).isEqualTo(request);
            assertThat(UdpTrackerPackets.decodeRequest(packet)).isEqualTo(request);
        }
    }

    @Test
    void announceResponsesRoundTripInBothFamilies() throws UdpPacketException {
        Random random = new Random(3);
        for (int i = 0; i < ROUNDS; i++) {
            AddressFamily family = random.nextBoolean() ? AddressFamily.IPV4 : AddressFamily.IPV6;
            List<Peer> peers = new ArrayList<>();
            for (int n = random.nextInt(100); n > 0; n--) {
                peers.add(Peer.of(bytes(random, family.addressLength()), random.nextInt(65536)));
            }
            UdpAnnounceResponse response = new UdpAnnounceResponse(
                    random.nextInt(), random.nextInt(), random.nextInt(), random.nextInt(), family, peers);
            byte[] packet = response.encode();

            assertThat(packet).hasSize(20 + peers.size() * family.compactPeerLength());
            assertThat(UdpAnnounceResponse.decode(packet, family)).isEqualTo(response);
            assertThat(UdpTrackerPackets.decodeResponse(packet, family)).isEqualTo(response);
        }
    }

    @Test
    void scrapePacketsRoundTrip() throws UdpPacketException {
        Random random = new Random(4);
        for (int i = 0; i < ROUNDS; i++) {
            List<byte[]> hashes = new ArrayList<>();
            List<UdpScrapeResponse.Entry> entries = new ArrayList<>();
            for (int n = 1 + random.nextInt(UdpScrapeRequest.MAX_INFO_HASHES); n > 0; n--) {
                hashes.add(bytes(random, 20));
                entries.add(new UdpScrapeResponse.Entry(random.nextInt(), random.nextInt(), random.nextInt()));
            }
            UdpScrapeRequest request = new UdpScrapeRequest(random.nextLong(), random.nextInt(), hashes);
            UdpScrapeResponse response = new UdpScrapeResponse(random.nextInt(), entries);

            assertThat(UdpScrapeRequest.decode(request.encode())).isEqualTo(request);
            assertThat(UdpTrackerPackets.decodeRequest(request.encode())).isEqualTo(request);
            assertThat(UdpScrapeResponse.decode(response.encode())).isEqualTo(response);
            assertThat(UdpTrackerPackets.decodeResponse(response.encode(), AddressFamily.IPV6))
                    .isEqualTo(response);
        }
    }

    @Test
    void errorResponsesRoundTrip() throws UdpPacketException {
        Random random = new Random(5);
        for (int i = 0; i < ROUNDS; i++) {
            StringBuilder message = new StringBuilder();
            for (int n = random.nextInt(200); n > 0; n--) {
                message.appendCodePoint(
                        random.nextBoolean() ? 0x20 + random.nextInt(0x5F) : 0xA0 + random.nextInt(0xD000));
            }
            UdpErrorResponse response = new UdpErrorResponse(random.nextInt(), message.toString());

            assertThat(UdpErrorResponse.decode(response.encode())).isEqualTo(response);
            assertThat(UdpTrackerPackets.decodeResponse(response.encode(), AddressFamily.IPV4))
                    .isEqualTo(response);
        }
    }
}

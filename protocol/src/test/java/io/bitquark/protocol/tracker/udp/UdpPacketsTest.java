package io.bitquark.protocol.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.tracker.AddressFamily;
import io.bitquark.protocol.tracker.AnnounceEvent;
import io.bitquark.protocol.tracker.Peer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BEP 15 / BEP 41 packet layouts written out byte by byte. */
class UdpPacketsTest {

    static final String INFO_HASH = "123456789abcdef123456789abcdef123456789a";
    static final String PEER_ID = "2d4251303130302d6162636465666768696a6b6c"; // -BQ0100-abcdefghijkl

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static final byte[] CONNECT_REQUEST = hex("0000041727101980 00000000 12345678");
    static final byte[] CONNECT_RESPONSE = hex("00000000 12345678 0102030405060708");
    static final String ANNOUNCE_REQUEST_HEX = "0102030405060708 00000001 0a0b0c0d " + INFO_HASH + " " + PEER_ID
            + " 0000000000000100 0000000000001000 0000000000000010 00000002 00000000 deadbeef ffffffff 1ae1";
    static final byte[] ANNOUNCE_REQUEST = hex(ANNOUNCE_REQUEST_HEX);
    static final byte[] ANNOUNCE_RESPONSE_V4 =
            hex("00000001 12345678 00000708 00000003 00000005 0a000001 1ae1 c0a80102 0050");
    static final byte[] ANNOUNCE_RESPONSE_V6 =
            hex("00000001 12345678 00000708 00000003 00000005 " + "20010db8000000000000000000000001 1ae1");
    static final byte[] SCRAPE_REQUEST = hex("0102030405060708 00000002 12345678 " + INFO_HASH + " " + PEER_ID);
    static final byte[] SCRAPE_RESPONSE =
            hex("00000002 12345678 00000005 00000009 00000003 00000000 00000001 00000002");
    static final byte[] ERROR_RESPONSE = hex("00000003 12345678 6e6f7065");

    static final UdpAnnounceRequest ANNOUNCE = new UdpAnnounceRequest(
            0x0102030405060708L,
            0x0a0b0c0d,
            hex(INFO_HASH),
            hex(PEER_ID),
            0x100,
            0x1000,
            0x10,
            AnnounceEvent.STARTED,
            0,
            0xdeadbeef,
            -1,
            6881,
            new byte[0]);

    @Test
    void connectRequestIsProtocolIdActionZeroAndTransactionId() throws UdpPacketException {
        assertThat(new UdpConnectRequest(0x12345678).encode()).isEqualTo(CONNECT_REQUEST);
        assertThat(UdpConnectRequest.decode(CONNECT_REQUEST)).isEqualTo(new UdpConnectRequest(0x12345678));
    }

    @Test
    void connectResponseIsActionTransactionIdAndConnectionId() throws UdpPacketException {
        assertThat(new UdpConnectResponse(0x12345678, 0x0102030405060708L).encode())
                .isEqualTo(CONNECT_RESPONSE);
        assertThat(UdpConnectResponse.decode(CONNECT_RESPONSE))
                .isEqualTo(new UdpConnectResponse(0x12345678, 0x0102030405060708L));
    }

    @Test
    void announceRequestIs98Bytes() throws UdpPacketException {
        assertThat(ANNOUNCE_REQUEST).hasSize(98);
        assertThat(ANNOUNCE.encode()).isEqualTo(ANNOUNCE_REQUEST);

        UdpAnnounceRequest decoded = UdpAnnounceRequest.decode(ANNOUNCE_REQUEST);
        assertThat(decoded).isEqualTo(ANNOUNCE);
        assertThat(decoded.key()).isEqualTo(0xdeadbeef);
        assertThat(decoded.wantsDefaultPeerCount()).isTrue();
        assertThat(decoded.urlData()).isEmpty();
    }

    @Test
    void announceRequestCarriesUrlDataInABep41Trailer() throws UdpPacketException {
        UdpAnnounceRequest withUrl = new UdpAnnounceRequest(
                ANNOUNCE.connectionId(),
                ANNOUNCE.transactionId(),
                ANNOUNCE.infoHash(),
                ANNOUNCE.peerId(),
                0x100,
                0x1000,
                0x10,
                AnnounceEvent.STARTED,
                0,
                0xdeadbeef,
                -1,
                6881,
                "/a?k=1".getBytes(StandardCharsets.US_ASCII));
        byte[] packet = hex(ANNOUNCE_REQUEST_HEX + " 02 06 2f613f6b3d31 00");

        assertThat(withUrl.encode()).isEqualTo(packet);
        assertThat(UdpAnnounceRequest.decode(packet)).isEqualTo(withUrl);
    }

    @Test
    void concatenatesUrlDataAcrossOptionsSkippingNopAndUnknownOptions() throws UdpPacketException {
        byte[] packet = hex(ANNOUNCE_REQUEST_HEX + " 01 02 03 2f613f 01 05 02 ffff 02 03 6b3d31");

        assertThat(new String(UdpAnnounceRequest.decode(packet).urlData(), StandardCharsets.US_ASCII))
                .isEqualTo("/a?k=1");
    }

    @Test
    void stopsReadingOptionsAtEndOfOptions() throws UdpPacketException {
        byte[] packet = hex(ANNOUNCE_REQUEST_HEX + " 02 02 2f61 00 02 ff");

        assertThat(new String(UdpAnnounceRequest.decode(packet).urlData(), StandardCharsets.US_ASCII))
                .isEqualTo("/a");
    }

    @Test
    void splitsLongUrlDataInto255ByteOptions() throws UdpPacketException {
        byte[] url = new byte[300];
        Arrays.fill(url, (byte) 'x');
        UdpAnnounceRequest withUrl =
                new UdpAnnounceRequest(1, 2, new byte[20], new byte[20], 0, 0, 0, AnnounceEvent.NONE, 0, 0, -1, 1, url);
        byte[] packet = withUrl.encode();

        assertThat(packet).hasSize(98 + 2 + 255 + 2 + 45 + 1);
        assertThat(packet[98]).isEqualTo((byte) 2);
        assertThat(packet[99]).isEqualTo((byte) 255);
        assertThat(packet[98 + 2 + 255 + 1]).isEqualTo((byte) 45);
        assertThat(UdpAnnounceRequest.decode(packet)).isEqualTo(withUrl);
    }

    @Test
    void announceResponseListsIpv4PeersIn6Bytes() throws UdpPacketException {
        UdpAnnounceResponse response = new UdpAnnounceResponse(
                0x12345678,
                1800,
                3,
                5,
                AddressFamily.IPV4,
                List.of(
                        Peer.of(new byte[] {10, 0, 0, 1}, 6881),
                        Peer.of(new byte[] {(byte) 192, (byte) 168, 1, 2}, 80)));

        assertThat(response.encode()).isEqualTo(ANNOUNCE_RESPONSE_V4);
        assertThat(UdpAnnounceResponse.decode(ANNOUNCE_RESPONSE_V4, AddressFamily.IPV4))
                .isEqualTo(response);
    }

    @Test
    void announceResponseListsIpv6PeersIn18Bytes() throws UdpPacketException {
        UdpAnnounceResponse response = new UdpAnnounceResponse(
                0x12345678,
                1800,
                3,
                5,
                AddressFamily.IPV6,
                List.of(Peer.of(hex("20010db8000000000000000000000001"), 6881)));

        assertThat(response.encode()).isEqualTo(ANNOUNCE_RESPONSE_V6);
        assertThat(UdpAnnounceResponse.decode(ANNOUNCE_RESPONSE_V6, AddressFamily.IPV6))
                .isEqualTo(response);
    }

    @Test
    void scrapeRequestIs16BytesPlus20PerInfoHash() throws UdpPacketException {
        UdpScrapeRequest request =
                new UdpScrapeRequest(0x0102030405060708L, 0x12345678, List.of(hex(INFO_HASH), hex(PEER_ID)));

        assertThat(request.encode()).isEqualTo(SCRAPE_REQUEST);
        assertThat(UdpScrapeRequest.decode(SCRAPE_REQUEST)).isEqualTo(request);
    }

    @Test
    void scrapeResponseIs8BytesPlus12PerTorrent() throws UdpPacketException {
        UdpScrapeResponse response = new UdpScrapeResponse(
                0x12345678, List.of(new UdpScrapeResponse.Entry(5, 9, 3), new UdpScrapeResponse.Entry(0, 1, 2)));

        assertThat(response.encode()).isEqualTo(SCRAPE_RESPONSE);
        assertThat(UdpScrapeResponse.decode(SCRAPE_RESPONSE)).isEqualTo(response);
    }

    @Test
    void errorResponseIsActionThreeAndAMessage() throws UdpPacketException {
        assertThat(new UdpErrorResponse(0x12345678, "nope").encode()).isEqualTo(ERROR_RESPONSE);
        assertThat(UdpErrorResponse.decode(ERROR_RESPONSE)).isEqualTo(new UdpErrorResponse(0x12345678, "nope"));
    }

    @Test
    void decodesMalformedUtf8InAnErrorMessageAsQuestionMarks() throws UdpPacketException {
        assertThat(UdpErrorResponse.decode(hex("00000003 00000001 61ff62")).message())
                .isEqualTo("a?b");
    }

    @Test
    void classifiesRequestsByTheActionAtOffset8() throws UdpPacketException {
        assertThat(UdpTrackerPackets.classifyRequest(CONNECT_REQUEST)).isEqualTo(UdpAction.CONNECT);
        assertThat(UdpTrackerPackets.classifyRequest(ANNOUNCE_REQUEST)).isEqualTo(UdpAction.ANNOUNCE);
        assertThat(UdpTrackerPackets.classifyRequest(SCRAPE_REQUEST)).isEqualTo(UdpAction.SCRAPE);
    }

    @Test
    void dispatchesRequestsAndResponsesToTheirDecoders() throws UdpPacketException {
        assertThat(UdpTrackerPackets.decodeRequest(CONNECT_REQUEST)).isInstanceOf(UdpConnectRequest.class);
        assertThat(UdpTrackerPackets.decodeRequest(ByteBuffer.wrap(ANNOUNCE_REQUEST)))
                .isEqualTo(ANNOUNCE);
        assertThat(UdpTrackerPackets.decodeRequest(SCRAPE_REQUEST)).isInstanceOf(UdpScrapeRequest.class);
        assertThat(UdpTrackerPackets.decodeResponse(CONNECT_RESPONSE, AddressFamily.IPV4))
                .isInstanceOf(UdpConnectResponse.class);
        assertThat(UdpTrackerPackets.decodeResponse(ANNOUNCE_RESPONSE_V6, AddressFamily.IPV6))
                .isInstanceOf(UdpAnnounceResponse.class);
        assertThat(UdpTrackerPackets.decodeResponse(ByteBuffer.wrap(SCRAPE_RESPONSE), AddressFamily.IPV4))
                .isInstanceOf(UdpScrapeResponse.class);
        assertThat(UdpTrackerPackets.decodeResponse(ERROR_RESPONSE, AddressFamily.IPV4))
                .isInstanceOf(UdpErrorResponse.class);
    }
}

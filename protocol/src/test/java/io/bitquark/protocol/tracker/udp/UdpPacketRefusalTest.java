package io.bitquark.protocol.tracker.udp;

import static io.bitquark.protocol.tracker.udp.UdpPacketsTest.ANNOUNCE_REQUEST;
import static io.bitquark.protocol.tracker.udp.UdpPacketsTest.ANNOUNCE_REQUEST_HEX;
import static io.bitquark.protocol.tracker.udp.UdpPacketsTest.ANNOUNCE_RESPONSE_V4;
import static io.bitquark.protocol.tracker.udp.UdpPacketsTest.CONNECT_REQUEST;
import static io.bitquark.protocol.tracker.udp.UdpPacketsTest.CONNECT_RESPONSE;
import static io.bitquark.protocol.tracker.udp.UdpPacketsTest.ERROR_RESPONSE;
import static io.bitquark.protocol.tracker.udp.UdpPacketsTest.SCRAPE_REQUEST;
import static io.bitquark.protocol.tracker.udp.UdpPacketsTest.SCRAPE_RESPONSE;
import static io.bitquark.protocol.tracker.udp.UdpPacketsTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bitquark.protocol.tracker.AddressFamily;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class UdpPacketRefusalTest {

    private static void refuses(UdpPacketException.Kind kind, Executable decode) {
        UdpPacketException e = assertThrows(UdpPacketException.class, decode);
        assertThat(e.kind()).isEqualTo(kind);
    }

    private static byte[] resized(byte[] packet, int length) {
        return Arrays.copyOf(packet, length);
    }

    @Test
    void refusesARequestShorterThan16Bytes() {
        refuses(
                UdpPacketException.Kind.TOO_SHORT,
                () -> UdpTrackerPackets.classifyRequest(resized(CONNECT_REQUEST, 15)));
        refuses(UdpPacketException.Kind.TOO_SHORT, () -> UdpConnectRequest.decode(resized(CONNECT_REQUEST, 15)));
    }

    @Test
    void refusesAConnectPacketWithTrailingBytes() {
        refuses(UdpPacketException.Kind.TOO_LONG, () -> UdpConnectRequest.decode(resized(CONNECT_REQUEST, 17)));
        refuses(UdpPacketException.Kind.TOO_LONG, () -> UdpConnectResponse.decode(resized(CONNECT_RESPONSE, 17)));
    }

    @Test
    void refusesAConnectRequestWithoutTheMagicProtocolId() {
        byte[] packet = CONNECT_REQUEST.clone();
        packet[7] ^= 1;

        refuses(UdpPacketException.Kind.WRONG_PROTOCOL_ID, () -> UdpConnectRequest.decode(packet));
        refuses(UdpPacketException.Kind.WRONG_PROTOCOL_ID, () -> UdpTrackerPackets.decodeRequest(packet));
    }

    @Test
    void refusesAnUnknownAction() {
        byte[] request = CONNECT_REQUEST.clone();
        request[11] = 7;
        byte[] response = ERROR_RESPONSE.clone();
        response[3] = 4;

        refuses(UdpPacketException.Kind.UNKNOWN_ACTION, () -> UdpTrackerPackets.classifyRequest(request));
        refuses(
                UdpPacketException.Kind.UNKNOWN_ACTION,
                () -> UdpTrackerPackets.decodeResponse(response, AddressFamily.IPV4));
    }

    @Test
    void refusesAnErrorActionWhereARequestIsExpectedAndAMismatchedDecoder() {
        byte[] request = CONNECT_REQUEST.clone();
        request[11] = 3;

        refuses(UdpPacketException.Kind.UNEXPECTED_ACTION, () -> UdpTrackerPackets.classifyRequest(request));
        refuses(
                UdpPacketException.Kind.UNEXPECTED_ACTION,
                () -> UdpAnnounceRequest.decode(resized(SCRAPE_REQUEST, 98)));
        refuses(UdpPacketException.Kind.UNEXPECTED_ACTION, () -> UdpScrapeResponse.decode(CONNECT_RESPONSE));
    }

    @Test
    void refusesAnAnnounceRequestShorterThan98Bytes() {
        refuses(UdpPacketException.Kind.TOO_SHORT, () -> UdpAnnounceRequest.decode(resized(ANNOUNCE_REQUEST, 97)));
        refuses(
                UdpPacketException.Kind.TOO_SHORT,
                () -> UdpTrackerPackets.decodeRequest(resized(ANNOUNCE_REQUEST, 97)));
    }

    @Test
    void refusesARequestLongerThan1500Bytes() {
        refuses(UdpPacketException.Kind.TOO_LONG, () -> UdpAnnounceRequest.decode(resized(ANNOUNCE_REQUEST, 1501)));
        refuses(
                UdpPacketException.Kind.TOO_LONG,
                () -> UdpTrackerPackets.classifyRequest(resized(ANNOUNCE_REQUEST, 1501)));
    }

    @Test
    void refusesAnUnknownAnnounceEvent() {
        byte[] packet = ANNOUNCE_REQUEST.clone();
        packet[83] = 5;

        refuses(UdpPacketException.Kind.BAD_FIELD, () -> UdpAnnounceRequest.decode(packet));
    }

    @Test
    void refusesAnOptionThatRunsPastThePacket() {
        refuses(UdpPacketException.Kind.BAD_OPTION, () -> UdpAnnounceRequest.decode(hex(ANNOUNCE_REQUEST_HEX + " 02")));
        refuses(
                UdpPacketException.Kind.BAD_OPTION,
                () -> UdpAnnounceRequest.decode(hex(ANNOUNCE_REQUEST_HEX + " 02 05 2f61")));
        refuses(
                UdpPacketException.Kind.BAD_OPTION,
                () -> UdpAnnounceRequest.decode(hex(ANNOUNCE_REQUEST_HEX + " 09 01")));
    }

    @Test
    void refusesUrlDataLongerThan1024Bytes() {
        StringBuilder options = new StringBuilder(ANNOUNCE_REQUEST_HEX);
        for (int i = 0; i < 5; i++) {
            options.append(" 02 ff").append("78".repeat(255));
        }

        refuses(UdpPacketException.Kind.BAD_OPTION, () -> UdpAnnounceRequest.decode(hex(options.toString())));
    }

    @Test
    void refusesAnAnnounceResponseWithAPartialPeer() {
        refuses(
                UdpPacketException.Kind.BAD_LENGTH,
                () -> UdpAnnounceResponse.decode(resized(ANNOUNCE_RESPONSE_V4, 27), AddressFamily.IPV4));
        refuses(
                UdpPacketException.Kind.BAD_LENGTH,
                () -> UdpAnnounceResponse.decode(resized(ANNOUNCE_RESPONSE_V4, 26), AddressFamily.IPV6));
        refuses(
                UdpPacketException.Kind.TOO_SHORT,
                () -> UdpAnnounceResponse.decode(resized(ANNOUNCE_RESPONSE_V4, 19), AddressFamily.IPV4));
    }

    @Test
    void refusesAnAnnounceResponseLargerThanADatagram() {
        refuses(
                UdpPacketException.Kind.TOO_LONG,
                () -> UdpAnnounceResponse.decode(resized(ANNOUNCE_RESPONSE_V4, 20 + 6 * 10_915), AddressFamily.IPV4));
    }

    @Test
    void refusesAScrapeRequestWithoutAWholeInfoHash() {
        refuses(UdpPacketException.Kind.TOO_SHORT, () -> UdpScrapeRequest.decode(resized(SCRAPE_REQUEST, 35)));
        refuses(UdpPacketException.Kind.BAD_LENGTH, () -> UdpScrapeRequest.decode(resized(SCRAPE_REQUEST, 37)));
    }

    @Test
    void refusesAScrapeRequestForMoreThan74Torrents() throws UdpPacketException {
        assertThat(UdpScrapeRequest.decode(resized(SCRAPE_REQUEST, 16 + 20 * 74))
                        .infoHashes())
                .hasSize(74);
        refuses(UdpPacketException.Kind.TOO_LONG, () -> UdpScrapeRequest.decode(resized(SCRAPE_REQUEST, 16 + 20 * 75)));
    }

    @Test
    void refusesAScrapeResponseWithAPartialEntryOrTooManyEntries() {
        refuses(UdpPacketException.Kind.BAD_LENGTH, () -> UdpScrapeResponse.decode(resized(SCRAPE_RESPONSE, 21)));
        refuses(
                UdpPacketException.Kind.TOO_LONG,
                () -> UdpScrapeResponse.decode(resized(SCRAPE_RESPONSE, 8 + 12 * 75)));
    }

    @Test
    void refusesAResponseShorterThan8Bytes() {
        refuses(
                UdpPacketException.Kind.TOO_SHORT,
                () -> UdpTrackerPackets.decodeResponse(resized(ERROR_RESPONSE, 7), AddressFamily.IPV4));
        refuses(UdpPacketException.Kind.TOO_SHORT, () -> UdpErrorResponse.decode(new byte[0]));
    }

    @Test
    void refusesAnErrorResponseLongerThan1500Bytes() {
        refuses(UdpPacketException.Kind.TOO_LONG, () -> UdpErrorResponse.decode(resized(ERROR_RESPONSE, 1501)));
    }
}

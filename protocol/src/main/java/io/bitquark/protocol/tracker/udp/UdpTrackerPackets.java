package io.bitquark.protocol.tracker.udp;

import io.bitquark.protocol.tracker.AddressFamily;
import java.nio.ByteBuffer;

/**
 * Classifies and decodes UDP tracker packets (BEP 15, BEP 41). All fields are big-endian.
 *
 * <pre>
 * packet              offset 0            offset 8     size (bytes)
 * connect request     protocol id (i64)   action 0     16                     exactly
 * announce request    connection id (i64) action 1     98 + BEP 41 options    98..1500
 * scrape request      connection id (i64) action 2     16 + 20n, 1 &lt;= n &lt;= 74  36..1496
 *
 * packet              offset 0            offset 4     size (bytes)
 * connect response    action 0            transaction  16                     exactly
 * announce response   action 1            transaction  20 + 6n (IPv4) / 20 + 18n (IPv6), at most 65507
 * scrape response     action 2            transaction  8 + 12n, n &lt;= 74       8..896
 * error response      action 3            transaction  8 + UTF-8 message      8..1500
 * </pre>
 *
 * <p>Requests are bounded by one Ethernet MTU (1500 bytes, hence BEP 15's 74 info-hashes per scrape) and
 * fixed-size packets must be exactly their size; an announce response may use a whole UDP datagram
 * (65507 bytes over IPv4). The peer list of an announce response has no marker of its family: the caller
 * says which, from the address the packet came from. Every refusal is a {@link UdpPacketException}.
 */
public final class UdpTrackerPackets {

    /** The magic constant that opens a connect request. */
    public static final long PROTOCOL_ID = 0x41727101980L;

    /** The smallest request (a connect request) and the largest request this decoder accepts. */
    public static final int MIN_REQUEST_SIZE = 16;

    public static final int MAX_REQUEST_SIZE = 1500;
    /** The smallest response: action and transaction id. */
    public static final int MIN_RESPONSE_SIZE = 8;
    /** The largest UDP payload over IPv4. */
    public static final int MAX_DATAGRAM_SIZE = 65_507;

    private UdpTrackerPackets() {}

    /** The action of a request packet (connect, announce or scrape), read from offset 8 without decoding the rest. */
    public static UdpAction classifyRequest(byte[] packet) throws UdpPacketException {
        if (packet.length < MIN_REQUEST_SIZE) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.TOO_SHORT,
                    "request of " + packet.length + " bytes, shorter than " + MIN_REQUEST_SIZE);
        }
        if (packet.length > MAX_REQUEST_SIZE) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.TOO_LONG,
                    "request of " + packet.length + " bytes, longer than " + MAX_REQUEST_SIZE);
        }
        UdpAction action = action(packet, 8);
        if (action == UdpAction.ERROR) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.UNEXPECTED_ACTION, "action 3 (error) is not a request");
        }
        return action;
    }

    public static UdpTrackerRequest decodeRequest(byte[] packet) throws UdpPacketException {
        switch (classifyRequest(packet)) {
            case CONNECT:
                return UdpConnectRequest.decode(packet);
            case ANNOUNCE:
                return UdpAnnounceRequest.decode(packet);
            default:
                return UdpScrapeRequest.decode(packet);
        }
    }

    /** Decodes the remaining bytes of {@code packet}, consuming them. */
    public static UdpTrackerRequest decodeRequest(ByteBuffer packet) throws UdpPacketException {
        return decodeRequest(remaining(packet));
    }

    /** Decodes a response; {@code family} is that of the address the packet came from. */
    public static UdpTrackerResponse decodeResponse(byte[] packet, AddressFamily family) throws UdpPacketException {
        if (packet.length < MIN_RESPONSE_SIZE) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.TOO_SHORT,
                    "response of " + packet.length + " bytes, shorter than " + MIN_RESPONSE_SIZE);
        }
        switch (action(packet, 0)) {
            case CONNECT:
                return UdpConnectResponse.decode(packet);
            case ANNOUNCE:
                return UdpAnnounceResponse.decode(packet, family);
            case SCRAPE:
                return UdpScrapeResponse.decode(packet);
            default:
                return UdpErrorResponse.decode(packet);
        }
    }

    /** Decodes the remaining bytes of {@code packet}, consuming them. */
    public static UdpTrackerResponse decodeResponse(ByteBuffer packet, AddressFamily family) throws UdpPacketException {
        return decodeResponse(remaining(packet), family);
    }

    private static byte[] remaining(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static UdpAction action(byte[] packet, int offset) throws UdpPacketException {
        int code = ByteBuffer.wrap(packet).getInt(offset);
        return UdpAction.fromCode(code)
                .orElseThrow(
                        () -> new UdpPacketException(UdpPacketException.Kind.UNKNOWN_ACTION, "unknown action " + code));
    }

    /** Checks a packet's size and action before a specific decoder reads it. */
    static void check(byte[] packet, int actionOffset, UdpAction expected, int minSize, int maxSize, String what)
            throws UdpPacketException {
        if (packet.length < minSize) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.TOO_SHORT,
                    what + " of " + packet.length + " bytes, shorter than " + minSize);
        }
        UdpAction action = action(packet, actionOffset);
        if (action != expected) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.UNEXPECTED_ACTION,
                    "action " + action.code() + " (" + action + ") where " + what + " expects " + expected.code());
        }
        if (packet.length > maxSize) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.TOO_LONG, what + " of " + packet.length + " bytes, longer than " + maxSize);
        }
    }
}

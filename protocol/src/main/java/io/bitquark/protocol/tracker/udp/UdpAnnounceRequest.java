package io.bitquark.protocol.tracker.udp;

import io.bitquark.protocol.tracker.AnnounceEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * BEP 15 announce request, 98 bytes, then an optional BEP 41 option trailer:
 * <pre>
 * 0   i64 connection id
 * 8   i32 action = 1
 * 12  i32 transaction id
 * 16  20  info-hash
 * 36  20  peer id
 * 56  i64 downloaded
 * 64  i64 left
 * 72  i64 uploaded
 * 80  i32 event          0 none, 1 completed, 2 started, 3 stopped, 4 paused (BEP 21, libtorrent)
 * 84  u32 IP address     0 = the packet's source address
 * 88  u32 key
 * 92  i32 num want       -1 (any negative) = the tracker's default
 * 96  u16 port
 * 98  options (BEP 41):  0x0 EndOfOptions | 0x1 NOP | 0x2 URLData &lt;len u8&gt;&lt;len bytes&gt;
 * </pre>
 *
 * <p>Options are read until EndOfOptions or the end of the packet. The data of all URLData options is
 * concatenated into {@link #urlData()} (the path and query of the tracker URL, e.g. a passkey). Any other
 * option type is taken to carry a length byte, as URLData does, and is skipped. An option that runs past
 * the packet, or URL data longer than {@link #MAX_URL_DATA_LENGTH}, is refused. The encoder writes URLData
 * in chunks of 255 bytes followed by EndOfOptions, and no trailer at all when there is no URL data.
 *
 * <p>The IP address and key are unsigned 32-bit fields held in an {@code int}; the counters are carried as
 * sent, a tracker decides what to make of negative ones.
 */
public record UdpAnnounceRequest(
        long connectionId,
        int transactionId,
        byte[] infoHash,
        byte[] peerId,
        long downloaded,
        long left,
        long uploaded,
        AnnounceEvent event,
        int ipAddress,
        int key,
        int numWant,
        int port,
        byte[] urlData)
        implements UdpTrackerRequest {

    public static final int SIZE = 98;
    public static final int MAX_SIZE = UdpTrackerPackets.MAX_REQUEST_SIZE;
    public static final int MAX_URL_DATA_LENGTH = 1024;

    private static final AnnounceEvent[] EVENTS = AnnounceEvent.values();
    private static final int OPTION_END = 0x0;
    private static final int OPTION_NOP = 0x1;
    private static final int OPTION_URL_DATA = 0x2;

    public UdpAnnounceRequest {
        if (infoHash.length != 20 || peerId.length != 20) {
            throw new IllegalArgumentException("info-hash and peer id are 20 bytes each");
        }
        Objects.requireNonNull(event, "event");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " outside 0..65535");
        }
        if (urlData.length > MAX_URL_DATA_LENGTH) {
            throw new IllegalArgumentException("URL data longer than " + MAX_URL_DATA_LENGTH + " bytes");
        }
        infoHash = infoHash.clone();
        peerId = peerId.clone();
        urlData = urlData.clone();
    }

    @Override
    public UdpAction action() {
        return UdpAction.ANNOUNCE;
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    /** The concatenated BEP 41 URLData; empty when the packet had none. */
    @Override
    public byte[] urlData() {
        return urlData.clone();
    }

    /** Whether the client asked for the tracker's default number of peers. */
    public boolean wantsDefaultPeerCount() {
        return numWant < 0;
    }

    @Override
    public byte[] encode() {
        int chunks = (urlData.length + 254) / 255;
        int trailer = urlData.length == 0 ? 0 : 2 * chunks + urlData.length + 1;
        ByteBuffer b = ByteBuffer.allocate(SIZE + trailer)
                .putLong(connectionId)
                .putInt(UdpAction.ANNOUNCE.code())
                .putInt(transactionId)
                .put(infoHash)
                .put(peerId)
                .putLong(downloaded)
                .putLong(left)
                .putLong(uploaded)
                .putInt(event.udpCode())
                .putInt(ipAddress)
                .putInt(key)
                .putInt(numWant)
                .putShort((short) port);
        if (trailer > 0) {
            for (int offset = 0; offset < urlData.length; offset += 255) {
                int length = Math.min(255, urlData.length - offset);
                b.put((byte) OPTION_URL_DATA).put((byte) length).put(urlData, offset, length);
            }
            b.put((byte) OPTION_END);
        }
        return b.array();
    }

    /** Offsets of the fixed fields (see the layout above), for front ends that read a checked packet in place. */
    public static final int TRANSACTION_ID = 12;

    public static final int INFO_HASH = 16;
    public static final int PEER_ID = 36;
    public static final int LEFT = 64;
    public static final int EVENT = 80;
    public static final int IP_ADDRESS = 84;
    public static final int NUM_WANT = 92;
    public static final int PORT = 96;

    /**
     * Checks an announce packet exactly as {@link #decode} does (size, action, event, option trailer) without
     * building the record, and returns its event; a front end on a hot path then reads the fields in place
     * at the offsets above.
     */
    public static AnnounceEvent check(byte[] packet) throws UdpPacketException {
        UdpTrackerPackets.check(packet, 8, UdpAction.ANNOUNCE, SIZE, MAX_SIZE, "announce request");
        int eventCode = ByteBuffer.wrap(packet).getInt(EVENT);
        for (AnnounceEvent e : EVENTS) {
            if (e.udpCode() == eventCode) {
                readOptions(packet, null);
                return e;
            }
        }
        throw new UdpPacketException(UdpPacketException.Kind.BAD_FIELD, "unknown event " + eventCode);
    }

    public static UdpAnnounceRequest decode(byte[] packet) throws UdpPacketException {
        check(packet);
        ByteBuffer b = ByteBuffer.wrap(packet);
        long connectionId = b.getLong();
        b.getInt();
        int transactionId = b.getInt();
        byte[] infoHash = new byte[20];
        b.get(infoHash);
        byte[] peerId = new byte[20];
        b.get(peerId);
        long downloaded = b.getLong();
        long left = b.getLong();
        long uploaded = b.getLong();
        int eventCode = b.getInt();
        AnnounceEvent event = AnnounceEvent.fromUdpCode(eventCode)
                .orElseThrow(
                        () -> new UdpPacketException(UdpPacketException.Kind.BAD_FIELD, "unknown event " + eventCode));
        int ipAddress = b.getInt();
        int key = b.getInt();
        int numWant = b.getInt();
        int port = b.getShort() & 0xFFFF;
        return new UdpAnnounceRequest(
                connectionId,
                transactionId,
                infoHash,
                peerId,
                downloaded,
                left,
                uploaded,
                event,
                ipAddress,
                key,
                numWant,
                port,
                urlData(packet));
    }

    private static byte[] urlData(byte[] packet) throws UdpPacketException {
        ByteArrayOutputStream urlData = new ByteArrayOutputStream();
        readOptions(packet, urlData);
        return urlData.toByteArray();
    }

    /** Walks the BEP 41 trailer, refusing what runs past the packet; collects URL data when {@code urlData} is given. */
    private static void readOptions(byte[] packet, ByteArrayOutputStream urlData) throws UdpPacketException {
        int collected = 0;
        int pos = SIZE;
        while (pos < packet.length) {
            int type = packet[pos++] & 0xFF;
            if (type == OPTION_END) {
                break;
            }
            if (type == OPTION_NOP) {
                continue;
            }
            if (pos >= packet.length) {
                throw new UdpPacketException(
                        UdpPacketException.Kind.BAD_OPTION,
                        "option 0x" + Integer.toHexString(type) + " has no length byte");
            }
            int length = packet[pos++] & 0xFF;
            if (length > packet.length - pos) {
                throw new UdpPacketException(
                        UdpPacketException.Kind.BAD_OPTION,
                        "option 0x" + Integer.toHexString(type) + " of " + length + " bytes runs past the packet");
            }
            if (type == OPTION_URL_DATA) {
                collected += length;
                if (collected > MAX_URL_DATA_LENGTH) {
                    throw new UdpPacketException(
                            UdpPacketException.Kind.BAD_OPTION,
                            "URL data longer than " + MAX_URL_DATA_LENGTH + " bytes");
                }
                if (urlData != null) {
                    urlData.write(packet, pos, length);
                }
            }
            pos += length;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdpAnnounceRequest r
                && r.connectionId == connectionId
                && r.transactionId == transactionId
                && Arrays.equals(r.infoHash, infoHash)
                && Arrays.equals(r.peerId, peerId)
                && r.downloaded == downloaded
                && r.left == left
                && r.uploaded == uploaded
                && r.event == event
                && r.ipAddress == ipAddress
                && r.key == key
                && r.numWant == numWant
                && r.port == port
                && Arrays.equals(r.urlData, urlData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                connectionId,
                transactionId,
                Arrays.hashCode(infoHash),
                Arrays.hashCode(peerId),
                downloaded,
                left,
                uploaded,
                event,
                ipAddress,
                key,
                numWant,
                port,
                Arrays.hashCode(urlData));
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "UdpAnnounceRequest[connectionId=" + connectionId + ", transactionId=" + transactionId
                + ", infoHash=" + hex.formatHex(infoHash) + ", peerId=" + hex.formatHex(peerId)
                + ", downloaded=" + downloaded + ", left=" + left + ", uploaded=" + uploaded + ", event=" + event
                + ", ipAddress=" + Integer.toUnsignedString(ipAddress) + ", key=" + Integer.toUnsignedString(key)
                + ", numWant=" + numWant + ", port=" + port + ", urlData=" + hex.formatHex(urlData) + "]";
    }
}

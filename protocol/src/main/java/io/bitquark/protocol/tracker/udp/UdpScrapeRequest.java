package io.bitquark.protocol.tracker.udp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * BEP 15 scrape request, 16 + 20n bytes:
 * <pre>
 * 0   i64 connection id
 * 8   i32 action = 2
 * 12  i32 transaction id
 * 16  20n info-hashes, 1 &lt;= n &lt;= 74
 * </pre>
 *
 * <p>74 is the common cap (BEP 15: "up to about 74 torrents") that keeps the request and its response
 * within one 1500-byte packet.
 */
public record UdpScrapeRequest(long connectionId, int transactionId, List<byte[]> infoHashes)
        implements UdpTrackerRequest {

    public static final int HEADER_SIZE = 16;
    public static final int MAX_INFO_HASHES = 74;
    public static final int MIN_SIZE = HEADER_SIZE + 20;
    public static final int MAX_SIZE = HEADER_SIZE + 20 * MAX_INFO_HASHES;

    public UdpScrapeRequest {
        if (infoHashes.isEmpty() || infoHashes.size() > MAX_INFO_HASHES) {
            throw new IllegalArgumentException("a scrape asks about 1.." + MAX_INFO_HASHES + " info-hashes");
        }
        infoHashes = copies(infoHashes);
    }

    private static List<byte[]> copies(List<byte[]> infoHashes) {
        List<byte[]> copies = new ArrayList<>(infoHashes.size());
        for (byte[] infoHash : infoHashes) {
            if (infoHash.length != 20) {
                throw new IllegalArgumentException("an info-hash has 20 bytes, not " + infoHash.length);
            }
            copies.add(infoHash.clone());
        }
        return copies;
    }

    @Override
    public List<byte[]> infoHashes() {
        return copies(infoHashes);
    }

    @Override
    public UdpAction action() {
        return UdpAction.SCRAPE;
    }

    @Override
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + 20 * infoHashes.size())
                .putLong(connectionId)
                .putInt(UdpAction.SCRAPE.code())
                .putInt(transactionId);
        for (byte[] infoHash : infoHashes) {
            b.put(infoHash);
        }
        return b.array();
    }

    public static UdpScrapeRequest decode(byte[] packet) throws UdpPacketException {
        UdpTrackerPackets.check(packet, 8, UdpAction.SCRAPE, MIN_SIZE, MAX_SIZE, "scrape request");
        if ((packet.length - HEADER_SIZE) % 20 != 0) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.BAD_LENGTH,
                    (packet.length - HEADER_SIZE) + " bytes of info-hashes are not a whole number of 20-byte hashes");
        }
        ByteBuffer b = ByteBuffer.wrap(packet);
        List<byte[]> infoHashes = new ArrayList<>();
        for (int pos = HEADER_SIZE; pos < packet.length; pos += 20) {
            infoHashes.add(Arrays.copyOfRange(packet, pos, pos + 20));
        }
        return new UdpScrapeRequest(b.getLong(0), b.getInt(12), infoHashes);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UdpScrapeRequest r)
                || r.connectionId != connectionId
                || r.transactionId != transactionId
                || r.infoHashes.size() != infoHashes.size()) {
            return false;
        }
        for (int i = 0; i < infoHashes.size(); i++) {
            if (!Arrays.equals(r.infoHashes.get(i), infoHashes.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(connectionId) * 31 + transactionId;
        for (byte[] infoHash : infoHashes) {
            h = 31 * h + Arrays.hashCode(infoHash);
        }
        return h;
    }

    @Override
    public String toString() {
        List<String> hex = new ArrayList<>();
        for (byte[] infoHash : infoHashes) {
            hex.add(HexFormat.of().formatHex(infoHash));
        }
        return "UdpScrapeRequest[connectionId=" + connectionId + ", transactionId=" + transactionId + ", infoHashes="
                + hex + "]";
    }
}

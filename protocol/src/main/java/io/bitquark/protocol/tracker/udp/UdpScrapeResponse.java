package io.bitquark.protocol.tracker.udp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * BEP 15 scrape response, 8 + 12n bytes, one entry per requested info-hash in request order:
 * <pre>
 * 0   i32 action = 2
 * 4   i32 transaction id
 * 8   n x (i32 seeders, i32 completed, i32 leechers), 0 &lt;= n &lt;= 74
 * </pre>
 */
public record UdpScrapeResponse(int transactionId, List<Entry> entries) implements UdpTrackerResponse {

    public static final int HEADER_SIZE = 8;
    public static final int ENTRY_SIZE = 12;
    public static final int MAX_SIZE = HEADER_SIZE + ENTRY_SIZE * UdpScrapeRequest.MAX_INFO_HASHES;

    /** One torrent's counts, as sent (signed 32-bit). */
    public record Entry(int seeders, int completed, int leechers) {}

    public UdpScrapeResponse {
        entries = List.copyOf(entries);
        if (entries.size() > UdpScrapeRequest.MAX_INFO_HASHES) {
            throw new IllegalArgumentException("more than " + UdpScrapeRequest.MAX_INFO_HASHES + " scrape entries");
        }
    }

    @Override
    public UdpAction action() {
        return UdpAction.SCRAPE;
    }

    @Override
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + ENTRY_SIZE * entries.size())
                .putInt(UdpAction.SCRAPE.code())
                .putInt(transactionId);
        for (Entry e : entries) {
            b.putInt(e.seeders()).putInt(e.completed()).putInt(e.leechers());
        }
        return b.array();
    }

    public static UdpScrapeResponse decode(byte[] packet) throws UdpPacketException {
        UdpTrackerPackets.check(packet, 0, UdpAction.SCRAPE, HEADER_SIZE, MAX_SIZE, "scrape response");
        if ((packet.length - HEADER_SIZE) % ENTRY_SIZE != 0) {
            throw new UdpPacketException(
                    UdpPacketException.Kind.BAD_LENGTH,
                    (packet.length - HEADER_SIZE)
                            + " bytes of scrape entries are not a whole number of 12-byte entries");
        }
        ByteBuffer b = ByteBuffer.wrap(packet);
        List<Entry> entries = new ArrayList<>();
        for (int pos = HEADER_SIZE; pos < packet.length; pos += ENTRY_SIZE) {
            entries.add(new Entry(b.getInt(pos), b.getInt(pos + 4), b.getInt(pos + 8)));
        }
        return new UdpScrapeResponse(b.getInt(4), entries);
    }
}

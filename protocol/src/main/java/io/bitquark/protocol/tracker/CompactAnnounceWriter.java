package io.bitquark.protocol.tracker;

import java.nio.charset.StandardCharsets;

/**
 * Writes a compact HTTP announce answer (BEP 3, BEP 23, BEP 7) straight from packed peer entries, with no
 * object per peer: the bytes {@link TrackerResponseEncoder} writes for the same answer, canonical bencode
 * with sorted keys.
 *
 * <pre>
 * d8:completei&lt;seeders&gt;e10:incompletei&lt;leechers&gt;e8:intervali&lt;s&gt;e12:min intervali&lt;s&gt;e
 *  5:peers&lt;6 n&gt;:&lt;4-byte ip&gt;&lt;2-byte port&gt;...  [6:peers6&lt;18 m&gt;:&lt;16-byte ip&gt;&lt;2-byte port&gt;...]  e
 * </pre>
 *
 * {@code peers} is always present, possibly empty; {@code peers6} only when there are IPv6 peers.
 */
public final class CompactAnnounceWriter {

    private static final byte[] COMPLETE = ascii("d8:completei");
    private static final byte[] INCOMPLETE = ascii("e10:incompletei");
    private static final byte[] INTERVAL = ascii("e8:intervali");
    private static final byte[] MIN_INTERVAL = ascii("e12:min intervali");
    private static final byte[] PEERS = ascii("e5:peers");
    private static final byte[] PEERS6 = ascii("6:peers6");

    private CompactAnnounceWriter() {}

    /**
     * The answer, with {@code v4Count} 6-byte entries at {@code v4At} and {@code v6Count} 18-byte entries at
     * {@code v6At} of {@code entries}.
     */
    public static byte[] write(
            long complete,
            long incomplete,
            int interval,
            int minInterval,
            byte[] entries,
            int v4At,
            int v4Count,
            int v6At,
            int v6Count) {
        int v4Bytes = 6 * v4Count;
        int v6Bytes = 18 * v6Count;
        int length = COMPLETE.length
                + digits(complete)
                + INCOMPLETE.length
                + digits(incomplete)
                + INTERVAL.length
                + digits(interval)
                + MIN_INTERVAL.length
                + digits(minInterval)
                + PEERS.length
                + digits(v4Bytes)
                + 1
                + v4Bytes
                + (v6Count > 0 ? PEERS6.length + digits(v6Bytes) + 1 + v6Bytes : 0)
                + 1;
        byte[] out = new byte[length];
        int at = put(out, 0, COMPLETE);
        at = putNumber(out, at, complete);
        at = put(out, at, INCOMPLETE);
        at = putNumber(out, at, incomplete);
        at = put(out, at, INTERVAL);
        at = putNumber(out, at, interval);
        at = put(out, at, MIN_INTERVAL);
        at = putNumber(out, at, minInterval);
        at = put(out, at, PEERS);
        at = putNumber(out, at, v4Bytes);
        out[at++] = ':';
        System.arraycopy(entries, v4At, out, at, v4Bytes);
        at += v4Bytes;
        if (v6Count > 0) {
            at = put(out, at, PEERS6);
            at = putNumber(out, at, v6Bytes);
            out[at++] = ':';
            System.arraycopy(entries, v6At, out, at, v6Bytes);
            at += v6Bytes;
        }
        out[at] = 'e';
        return out;
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    private static int digits(long value) {
        if (value < 0) {
            return 1 + digits(-value);
        }
        int n = 1;
        for (long v = value; v >= 10; v /= 10) {
            n++;
        }
        return n;
    }

    private static int putNumber(byte[] out, int at, long value) {
        if (value < 0) {
            out[at++] = '-';
            value = -value;
        }
        int end = at + digits(value);
        int p = end;
        do {
            out[--p] = (byte) ('0' + (value % 10));
            value /= 10;
        } while (value > 0);
        return end;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package io.bitquark.protocol.tracker;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact peer list shared by HTTP responses and UDP announce responses.
 *
 * <pre>
 * IPv4 (BEP 23, HTTP "peers",  UDP BEP 15):  &lt;4-byte address&gt;&lt;2-byte big-endian port&gt;  6 bytes each
 * IPv6 (BEP 7,  HTTP "peers6", UDP BEP 15):  &lt;16-byte address&gt;&lt;2-byte big-endian port&gt; 18 bytes each
 * 10.0.0.1:6881 -&gt; 0a000001 1ae1
 * </pre>
 *
 * <p>Compact peers carry no peer id: encoding drops it.
 */
public final class CompactPeers {

    private CompactPeers() {}

    /** The compact form of {@code peers}, which must all be of {@code family}. */
    public static byte[] encode(List<Peer> peers, AddressFamily family) {
        int size = family.compactPeerLength();
        byte[] out = new byte[peers.size() * size];
        int pos = 0;
        for (Peer peer : peers) {
            if (peer.family() != family) {
                throw new IllegalArgumentException("peer " + peer + " is not " + family);
            }
            byte[] address = peer.rawAddress();
            System.arraycopy(address, 0, out, pos, address.length);
            out[pos + address.length] = (byte) (peer.port() >>> 8);
            out[pos + address.length + 1] = (byte) peer.port();
            pos += size;
        }
        return out;
    }

    /**
     * The peers in {@code length} bytes of compact form starting at {@code offset}. Only whole entries are
     * read: a remainder shorter than one entry is ignored, callers that must refuse it check
     * {@link #isWhole(int, AddressFamily)} first.
     */
    public static List<Peer> decode(byte[] compact, int offset, int length, AddressFamily family) {
        if (offset < 0 || length < 0 || length > compact.length - offset) {
            throw new IllegalArgumentException(
                    "range [" + offset + ", +" + length + ") outside " + compact.length + " bytes");
        }
        int size = family.compactPeerLength();
        int count = length / size;
        List<Peer> peers = new ArrayList<>(count);
        byte[] address = new byte[family.addressLength()];
        for (int i = 0; i < count; i++) {
            int pos = offset + i * size;
            System.arraycopy(compact, pos, address, 0, address.length);
            int port = ((compact[pos + address.length] & 0xFF) << 8) | (compact[pos + address.length + 1] & 0xFF);
            peers.add(Peer.of(address, port));
        }
        return List.copyOf(peers);
    }

    public static List<Peer> decode(byte[] compact, AddressFamily family) {
        return decode(compact, 0, compact.length, family);
    }

    /** Whether {@code length} bytes are a whole number of compact peers of {@code family}. */
    public static boolean isWhole(int length, AddressFamily family) {
        return length % family.compactPeerLength() == 0;
    }
}

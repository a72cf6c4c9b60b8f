package io.bitquark.protocol.peer;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * The allowed-fast set of BEP 6: the pieces a peer may request even while choked, derived from its IPv4
 * address (masked to /24, so all peers behind one NAT share a set) and the info-hash, so both ends compute
 * the same set:
 *
 * <pre>
 * x = (ip &amp; 0xffffff00 as 4 bytes big-endian) + info_hash        24 bytes
 * while |set| &lt; k:
 *     x = SHA-1(x)
 *     for each of the five 4-byte big-endian words y of x, while |set| &lt; k:
 *         index = y mod piece_count; add it unless already present
 * </pre>
 *
 * <p>BEP 6 defines it for IPv4 only. {@code k} is capped at the piece count, where the set is every piece.
 */
public final class AllowedFastSet {

    /** The set size BEP 6 suggests. */
    public static final int DEFAULT_SIZE = 10;

    private final List<Integer> pieces;

    private AllowedFastSet(List<Integer> pieces) {
        this.pieces = Collections.unmodifiableList(pieces);
    }

    /**
     * The first {@code size} pieces of the allowed-fast set of a peer at {@code address} (IPv4, or IPv4
     * mapped into IPv6, which Java already presents as IPv4) for the torrent {@code infoHash} (20 bytes).
     */
    public static AllowedFastSet generate(InetAddress address, byte[] infoHash, int pieceCount, int size) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException(
                    "BEP 6 defines the allowed-fast set for IPv4 addresses only, got " + address);
        }
        return generate(address.getAddress(), infoHash, pieceCount, size);
    }

    /** As {@link #generate(InetAddress, byte[], int, int)}, the address given as 4 bytes. */
    public static AllowedFastSet generate(byte[] ipv4, byte[] infoHash, int pieceCount, int size) {
        if (ipv4.length != 4) {
            throw new IllegalArgumentException("an IPv4 address is 4 bytes, got " + ipv4.length);
        }
        if (infoHash.length != Handshake.INFO_HASH_LENGTH) {
            throw new IllegalArgumentException("the info-hash is 20 bytes, got " + infoHash.length);
        }
        if (pieceCount < 0 || size < 0) {
            throw new IllegalArgumentException("piece count and size must not be negative");
        }
        int k = Math.min(size, pieceCount);
        List<Integer> set = new ArrayList<>(k);
        BitSet seen = new BitSet();
        byte[] x = new byte[24];
        System.arraycopy(ipv4, 0, x, 0, 3);
        System.arraycopy(infoHash, 0, x, 4, 20);
        MessageDigest sha1 = sha1();
        while (set.size() < k) {
            x = sha1.digest(x);
            ByteBuffer words = ByteBuffer.wrap(x);
            for (int i = 0; i < 5 && set.size() < k; i++) {
                int index = (int) ((words.getInt() & 0xffffffffL) % pieceCount);
                if (!seen.get(index)) {
                    seen.set(index);
                    set.add(index);
                }
            }
        }
        return new AllowedFastSet(set);
    }

    /** The pieces in the order they were generated. */
    public List<Integer> pieces() {
        return pieces;
    }

    public boolean contains(int pieceIndex) {
        return pieces.contains(pieceIndex);
    }

    public int size() {
        return pieces.size();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-1", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllowedFastSet other && other.pieces.equals(pieces);
    }

    @Override
    public int hashCode() {
        return pieces.hashCode();
    }

    @Override
    public String toString() {
        return "AllowedFastSet" + pieces;
    }
}

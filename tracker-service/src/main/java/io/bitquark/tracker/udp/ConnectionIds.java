package io.bitquark.tracker.udp;

import io.bitquark.protocol.hash.SipHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Stateless BEP 15 connection ids, so that every tracker replica accepts every id without sharing state.
 *
 * <pre>
 * connection id (8 bytes, big-endian):
 *   [0..4)  window  = unix seconds / 120, low 32 bits
 *   [4..8)  mac     = low 32 bits of SipHash-2-4(key, window || client IP)
 *
 * window is 4 bytes big-endian, the client IP its 4 (IPv4) or 16 (IPv6) raw bytes
 * key    = first 16 bytes of SHA-256("bitquark udp connection id\0" || secret), derived once
 * </pre>
 *
 * An id is accepted in its own window and the next one, so it lives between 2 and 4 minutes (BEP 15 asks
 * for at least 1). Replicas configured with the same secret accept each other's ids; the id is bound to
 * the client's IP, so it cannot be replayed from another address. This is aquatic's and chihaya's scheme.
 * SipHash-2-4 is a PRF built for short inputs like these: a check is several times cheaper than the
 * HMAC-SHA256 this replaced and allocates nothing, whichever form the address comes in (an array, an
 * array slice, a buffer at absolute indices, or an IPv4 address as an int), so a Netty-level UDP server
 * can check ids without garbage.
 */
public final class ConnectionIds {

    /** Length of one window in seconds. */
    public static final long WINDOW_SECONDS = 120;

    /** Separates this key from any other that might one day be derived from the same secret. */
    private static final byte[] KEY_LABEL = "bitquark udp connection id\0".getBytes(StandardCharsets.US_ASCII);

    private final long k0;
    private final long k1;
    private final LongSupplier clockMillis;

    public ConnectionIds(byte[] secret, LongSupplier clockMillis) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the connection-id secret must be at least 16 bytes");
        }
        byte[] key = key(secret);
        this.k0 = SipHash.k0(key);
        this.k1 = SipHash.k1(key);
        this.clockMillis = clockMillis;
    }

    /** A fresh connection id for a client at {@code address} (4 or 16 raw bytes). */
    public long issue(byte[] address) {
        int window = window(clockMillis.getAsLong());
        return id(window, mac(window, address, 0, checkedLength(address.length)));
    }

    /** A fresh connection id for a client at the IPv4 address {@code ipv4} (big-endian, as on the wire). */
    public long issue(int ipv4) {
        int window = window(clockMillis.getAsLong());
        return id(window, mac(window, ipv4));
    }

    /** Whether {@code connectionId} was issued to {@code address} by a replica sharing our secret, recently. */
    public boolean isValid(long connectionId, byte[] address) {
        return isValid(connectionId, address, 0, address.length);
    }

    /** As {@link #isValid(long, byte[])}, the address being {@code address[off, off + len)} (4 or 16 bytes). */
    public boolean isValid(long connectionId, byte[] address, int off, int len) {
        Objects.checkFromIndexSize(off, checkedLength(len), address.length);
        int window = (int) (connectionId >>> 32);
        return isRecent(window) && (int) connectionId == mac(window, address, off, len);
    }

    /**
     * As {@link #isValid(long, byte[])}, the address being the buffer's bytes at absolute indices
     * {@code [off, off + len)} (4 or 16 bytes); the buffer's position and limit are left alone.
     */
    public boolean isValid(long connectionId, ByteBuffer address, int off, int len) {
        Objects.checkFromIndexSize(off, checkedLength(len), address.limit());
        int window = (int) (connectionId >>> 32);
        return isRecent(window) && (int) connectionId == (int) SipHash.hashPrefixed(k0, k1, window, address, off, len);
    }

    /** As {@link #isValid(long, byte[])} for the IPv4 address {@code ipv4} (big-endian, as on the wire). */
    public boolean isValid(long connectionId, int ipv4) {
        int window = (int) (connectionId >>> 32);
        return isRecent(window) && (int) connectionId == mac(window, ipv4);
    }

    private boolean isRecent(int window) {
        int now = window(clockMillis.getAsLong());
        return window == now || window == now - 1;
    }

    private static int window(long millis) {
        return (int) (millis / 1000 / WINDOW_SECONDS);
    }

    private static long id(int window, int mac) {
        return ((long) window << 32) | (mac & 0xffffffffL);
    }

    private int mac(int window, byte[] address, int off, int len) {
        return (int) SipHash.hashPrefixed(k0, k1, window, address, off, len);
    }

    /** The same MAC as of the 4-byte array form: window and address make the 8 big-endian bytes. */
    private int mac(int window, int ipv4) {
        return (int) SipHash.hashLong(k0, k1, ((long) window << 32) | (ipv4 & 0xffffffffL));
    }

    private static int checkedLength(int length) {
        if (length != 4 && length != 16) {
            throw new IllegalArgumentException("an IP address is 4 or 16 bytes, got " + length);
        }
        return length;
    }

    private static byte[] key(byte[] secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(KEY_LABEL);
            sha256.update(secret);
            byte[] key = new byte[SipHash.KEY_SIZE];
            System.arraycopy(sha256.digest(), 0, key, 0, key.length);
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}

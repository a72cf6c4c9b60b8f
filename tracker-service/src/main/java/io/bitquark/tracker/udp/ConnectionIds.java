package io.bitquark.tracker.udp;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless BEP 15 connection ids, so that every tracker replica accepts every id without sharing state.
 *
 * <pre>
 * connection id (8 bytes, big-endian):
 *   [0..4)  window  = unix seconds / 120, low 32 bits
 *   [4..8)  mac     = first 4 bytes of HMAC-SHA256(secret, window || client IP)
 * </pre>
 *
 * An id is accepted in its own window and the next one, so it lives between 2 and 4 minutes (BEP 15 asks
 * for at least 1). Replicas configured with the same secret accept each other's ids; the id is bound to
 * the client's IP, so it cannot be replayed from another address. This is aquatic's and chihaya's scheme.
 */
public final class ConnectionIds {

    /** Length of one window in seconds. */
    public static final long WINDOW_SECONDS = 120;

    private final SecretKeySpec key;
    private final LongSupplier clockMillis;
    private final ThreadLocal<Mac> macs;

    public ConnectionIds(byte[] secret, LongSupplier clockMillis) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the connection-id secret must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clockMillis = clockMillis;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A fresh connection id for a client at {@code address} (4 or 16 raw bytes). */
    public long issue(byte[] address) {
        int window = window(clockMillis.getAsLong());
        return ((long) window << 32) | (mac(window, address) & 0xffffffffL);
    }

    /** Whether {@code connectionId} was issued to {@code address} by a replica sharing our secret, recently. */
    public boolean isValid(long connectionId, byte[] address) {
        int window = (int) (connectionId >>> 32);
        int now = window(clockMillis.getAsLong());
        if (window != now && window != now - 1) {
            return false;
        }
        return (int) connectionId == mac(window, address);
    }

    private static int window(long millis) {
        return (int) (millis / 1000 / WINDOW_SECONDS);
    }

    private int mac(int window, byte[] address) {
        Mac mac = macs.get();
        mac.update(ByteBuffer.allocate(4).putInt(window).array());
        mac.update(address);
        byte[] digest = mac.doFinal();
        return ByteBuffer.wrap(digest, 0, 4).getInt();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is required by the Java platform", e);
        }
    }
}

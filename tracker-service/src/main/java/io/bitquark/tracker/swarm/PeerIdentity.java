package io.bitquark.tracker.swarm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A peer's identity within a swarm: 8 bytes of SHA-1 over its peer id and either its {@code key} or,
 * when it sent none, its address.
 *
 * <p>With a {@code key}, the identity survives a change of IP address, so the peer's entry moves with it
 * (BEP 3's {@code key}; bttrack used it the same way). Without one, a new address is a new peer and the old
 * entry expires. Knowing a peer id alone is not enough to displace someone else's entry.
 */
public final class PeerIdentity {

    public static final int LENGTH = 8;

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(PeerIdentity::sha1);

    private PeerIdentity() {}

    /**
     * @param peerId  the 20-byte peer id
     * @param key     the announce {@code key} as sent, or {@code null}
     * @param address the peer's raw IP address (4 or 16 bytes), used only when there is no key
     */
    public static byte[] of(byte[] peerId, byte[] key, byte[] address) {
        MessageDigest sha1 = SHA1.get();
        sha1.update(peerId);
        if (key != null && key.length > 0) {
            sha1.update((byte) 'k');
            sha1.update(key);
        } else {
            sha1.update((byte) 'a');
            sha1.update(address);
        }
        return Arrays.copyOf(sha1.digest(), LENGTH);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
    }
}

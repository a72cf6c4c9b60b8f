package io.bitquark.tracker.announce;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/** Raw peer addresses: IPv4 as 4 bytes (also when a dual-stack socket reports it IPv4-mapped), IPv6 as 16. */
public final class PeerAddresses {

    private PeerAddresses() {}

    /**
     * The raw bytes of an address, with IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) turned back into
     * their 4-byte IPv4 form, which is how dual-stack sockets report IPv4 clients.
     */
    public static byte[] raw(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 16 && isV4Mapped(raw)) {
            return Arrays.copyOfRange(raw, 12, 16);
        }
        return raw;
    }

    /** Whether a client at this address may override its announced IP under the {@code local} policy. */
    public static boolean isLocal(InetAddress address) {
        return address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || (address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc);
    }

    public static boolean isV4(InetAddress address) {
        return address instanceof Inet4Address || isV4Mapped(address.getAddress());
    }

    private static boolean isV4Mapped(byte[] raw) {
        if (raw.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }
}

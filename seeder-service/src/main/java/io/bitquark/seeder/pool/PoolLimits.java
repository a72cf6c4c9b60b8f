package io.bitquark.seeder.pool;

import io.bitquark.seeder.pool.PoolException.Kind;
import java.util.Locale;

/**
 * The bounds every {@link PoolStore} enforces on what it is given, the same for every backend, so that what
 * one replica may write any other can read.
 */
final class PoolLimits {

    /** The longest member id, in characters: a host name's limit (the default id is the host name). */
    static final int MAX_MEMBER_ID = 253;
    /** The longest zone name, in characters. */
    static final int MAX_ZONE = 64;
    /** The longest peer-wire address, {@code host:port}: a 253-character DNS name or a bracketed IPv6 literal. */
    static final int MAX_ADDRESS = 261;

    private PoolLimits() {}

    /** A member id: 1 to {@value #MAX_MEMBER_ID} visible ASCII characters. */
    static String memberId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_MEMBER_ID || !visibleAscii(id)) {
            throw invalid("a member id is 1 to " + MAX_MEMBER_ID + " visible ASCII characters, got " + describe(id));
        }
        return id;
    }

    /** A peer-wire address {@code host:port} (IPv6 hosts in brackets), port 1 to 65535. */
    static String address(String address) {
        if (address == null || address.length() > MAX_ADDRESS || !visibleAscii(address)) {
            throw invalid("a member's peer-wire address is host:port, got " + describe(address));
        }
        int colon = address.lastIndexOf(':');
        int port = -1;
        if (colon > 0 && colon < address.length() - 1 && address.length() - colon <= 6) {
            String digits = address.substring(colon + 1);
            if (digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                port = Integer.parseInt(digits);
            }
        }
        if (port < 1 || port > 65535) {
            throw invalid(
                    "a member's peer-wire address is host:port with a port from 1 to 65535, got " + describe(address));
        }
        return address;
    }

    /** A zone name: 1 to {@value #MAX_ZONE} visible ASCII characters. */
    static String zone(String zone) {
        if (zone == null || zone.isEmpty() || zone.length() > MAX_ZONE || !visibleAscii(zone)) {
            throw invalid("a zone is 1 to " + MAX_ZONE + " visible ASCII characters, got " + describe(zone));
        }
        return zone;
    }

    /** A member's placement weight: at least 1. */
    static int weight(int weight) {
        if (weight < 1) {
            throw invalid("a member's weight is at least 1, got " + weight);
        }
        return weight;
    }

    /** An info-hash in hex (40 digits for v1 and hybrid torrents, 64 for v2), returned in lower case. */
    static String infoHash(String hex) {
        if (hex == null || (hex.length() != 40 && hex.length() != 64)) {
            throw invalid("an info-hash is 40 or 64 hex digits, got " + describe(hex));
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw invalid("an info-hash is 40 or 64 hex digits, got " + describe(hex));
            }
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    /** A replica count R: at least 1. */
    static int replicas(int replicas) {
        if (replicas < 1) {
            throw invalid("a pool torrent's replica count R is at least 1, got " + replicas);
        }
        return replicas;
    }

    /** A torrent's content size: not negative. */
    static long bytes(long bytes) {
        if (bytes < 0) {
            throw invalid("a pool torrent's size is not negative, got " + bytes);
        }
        return bytes;
    }

    /** A .torrent: not empty and at most {@code max} bytes. */
    static byte[] torrent(byte[] torrent, int max) {
        if (torrent == null || torrent.length == 0) {
            throw invalid("a pool torrent needs its .torrent");
        }
        if (torrent.length > max) {
            throw new PoolException(
                    Kind.TORRENT_TOO_LARGE,
                    "the .torrent is " + torrent.length + " bytes, more than the pool's limit of " + max + " bytes");
        }
        return torrent;
    }

    /** The member timeout: positive. */
    static long timeoutMillis(java.time.Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw invalid("the member timeout is positive, got " + timeout);
        }
        return timeout.toMillis();
    }

    private static boolean visibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static String describe(String value) {
        if (value == null) {
            return "nothing";
        }
        if (value.length() > 40) {
            return "a value of " + value.length() + " characters";
        }
        return "'" + value.replaceAll("[^ -~]", "?") + "'";
    }

    private static PoolException invalid(String message) {
        return new PoolException(Kind.INVALID, message);
    }
}

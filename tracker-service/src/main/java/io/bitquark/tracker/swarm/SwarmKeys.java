package io.bitquark.tracker.swarm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Redis key layout of one swarm. Every key carries the info-hash as a {hash tag}, so all keys of a swarm
 * live in one Redis Cluster slot and one script can touch them atomically.
 *
 * <pre>
 * bq:{&lt;info-hash hex&gt;}:S&lt;window&gt;   hash 6-byte identity -&gt; peer (endpoint + peer id), seeders announced in that window
 * bq:{&lt;info-hash hex&gt;}:L&lt;window&gt;   hash, the same for leechers
 * bq:{&lt;info-hash hex&gt;}:C           hash, counters: S&lt;window&gt; / L&lt;window&gt; = size of that window's hash, D = downloads
 * bq:swarms                         sorted set, info-hash hex by last activity (an index, not swarm state)
 * bq:peers:&lt;window&gt;                 string, peers that announced in that window, over all swarms (a gauge)
 * bq:identity-key                   string, the 16-byte SipHash key of peer identities, shared by replicas
 * </pre>
 *
 * <p>Keys are built as bytes: a swarm's {@link #tag} ({@code bq:{<hex>}:}) followed by a suffix of the
 * window ({@link #suffixes}); a window hash's suffix is also its field in the counters hash.
 */
final class SwarmKeys {

    static final String REGISTRY = "bq:swarms";
    /** The 16-byte key of peer identities, made once by the first replica ({@code SET NX}). */
    static final String IDENTITY_KEY = "bq:identity-key";

    /** Keys the announce script takes per swarm: six window hashes and the counters hash. */
    static final int PER_SWARM = 7;

    /** Index of the counters hash among {@link #suffixes}; the six before it are the window hashes. */
    static final int COUNTERS = 6;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int HEX_START = 4; // after "bq:{"; the tag ends with "}:"

    private SwarmKeys() {}

    static String peerCounter(long window) {
        return "bq:peers:" + window;
    }

    /** The prefix of every key of the swarm, {@code bq:{<hex>}:}, as text. */
    static String tag(byte[] infoHash) {
        return new String(tagBytes(infoHash), StandardCharsets.US_ASCII);
    }

    /** The prefix of every key of the swarm, {@code bq:{<hex>}:}, as bytes. */
    static byte[] tagBytes(byte[] infoHash) {
        byte[] tag = new byte[HEX_START + 2 * infoHash.length + 2];
        tag[0] = 'b';
        tag[1] = 'q';
        tag[2] = ':';
        tag[3] = '{';
        for (int i = 0; i < infoHash.length; i++) {
            tag[HEX_START + 2 * i] = HEX[(infoHash[i] >> 4) & 0xf];
            tag[HEX_START + 2 * i + 1] = HEX[infoHash[i] & 0xf];
        }
        tag[tag.length - 2] = '}';
        tag[tag.length - 1] = ':';
        return tag;
    }

    /** The info-hash in hex, as the swarm index {@link #REGISTRY} holds it, cut from a {@link #tagBytes tag}. */
    static byte[] hexOfTag(byte[] tag) {
        return Arrays.copyOfRange(tag, HEX_START, tag.length - 2);
    }

    /**
     * The key suffixes of the scripts' 7 keys per swarm at window {@code current}: {@code S<w> L<w>
     * S<w-1> L<w-1> S<w-2> L<w-2>} (also the fields of the counters hash) and {@code C}.
     */
    static byte[][] suffixes(long current) {
        byte[][] suffixes = new byte[PER_SWARM][];
        for (int age = 0; age < PeerWindows.LIVE_WINDOWS; age++) {
            byte[] window = Long.toString(current - age).getBytes(StandardCharsets.US_ASCII);
            suffixes[2 * age] = prefixed('S', window);
            suffixes[2 * age + 1] = prefixed('L', window);
        }
        suffixes[COUNTERS] = new byte[] {'C'};
        return suffixes;
    }

    /** One key: a swarm's tag followed by a suffix. */
    static byte[] key(byte[] tag, byte[] suffix) {
        byte[] key = Arrays.copyOf(tag, tag.length + suffix.length);
        System.arraycopy(suffix, 0, key, tag.length, suffix.length);
        return key;
    }

    /** The Redis Cluster slot of a swarm's keys (CRC16 of the hash tag, mod 16384). */
    static int slot(byte[] infoHash) {
        return slotOfTag(tagBytes(infoHash));
    }

    /** The Redis Cluster slot of the keys that start with {@code tag} (CRC16 of the hex, mod 16384). */
    static int slotOfTag(byte[] tag) {
        int crc = 0;
        for (int i = HEX_START; i < tag.length - 2; i++) {
            crc ^= (tag[i] & 0xff) << 8;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return (crc & 0xffff) % 16384;
    }

    private static byte[] prefixed(char role, byte[] window) {
        byte[] suffix = new byte[1 + window.length];
        suffix[0] = (byte) role;
        System.arraycopy(window, 0, suffix, 1, window.length);
        return suffix;
    }
}

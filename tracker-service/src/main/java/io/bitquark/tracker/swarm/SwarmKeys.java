package io.bitquark.tracker.swarm;

import java.util.HexFormat;

/**
 * Redis key layout of one swarm. Every key carries the info-hash as a {hash tag}, so all keys of a swarm
 * live in one Redis Cluster slot and one script can touch them atomically.
 *
 * <pre>
 * bq:{&lt;info-hash hex&gt;}:S:&lt;window&gt;   hash identity -&gt; peer (endpoint + peer id), seeders announced in that window
 * bq:{&lt;info-hash hex&gt;}:L:&lt;window&gt;   hash identity -&gt; peer (endpoint + peer id), leechers announced in that window
 * bq:{&lt;info-hash hex&gt;}:D            string, completed downloads
 * bq:swarms                          sorted set, info-hash hex by last activity (an index, not swarm state)
 * bq:peers:&lt;window&gt;                  string, peers that announced in that window, over all swarms (a gauge)
 * bq:identity-key                    string, the 16-byte SipHash key of peer identities, shared by replicas
 * </pre>
 */
final class SwarmKeys {

    static final String REGISTRY = "bq:swarms";
    /** The 16-byte key of peer identities, made once by the first replica ({@code SET NX}). */
    static final String IDENTITY_KEY = "bq:identity-key";

    private SwarmKeys() {}

    static String peerCounter(long window) {
        return "bq:peers:" + window;
    }

    static String tag(byte[] infoHash) {
        return "bq:{" + HexFormat.of().formatHex(infoHash) + "}:";
    }

    /** The 7 keys the scripts take for one swarm at window {@code current}. */
    static String[] of(byte[] infoHash, long current) {
        String tag = tag(infoHash);
        String[] keys = new String[7];
        for (int age = 0; age < PeerWindows.LIVE_WINDOWS; age++) {
            keys[2 * age] = tag + "S:" + (current - age);
            keys[2 * age + 1] = tag + "L:" + (current - age);
        }
        keys[6] = tag + "D";
        return keys;
    }

    /** The Redis Cluster slot of a swarm's keys (CRC16 of the hash tag, mod 16384). */
    static int slot(byte[] infoHash) {
        byte[] tag = HexFormat.of().formatHex(infoHash).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int crc = 0;
        for (byte b : tag) {
            crc ^= (b & 0xff) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return (crc & 0xffff) % 16384;
    }
}

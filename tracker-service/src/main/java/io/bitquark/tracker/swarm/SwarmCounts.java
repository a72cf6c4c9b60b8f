package io.bitquark.tracker.swarm;

import java.util.HexFormat;

/**
 * A swarm's counters: {@code complete} seeders, {@code incomplete} leechers and {@code downloaded}
 * completions (BEP 48 scrape fields).
 */
public record SwarmCounts(byte[] infoHash, long complete, long incomplete, long downloaded) {

    public String infoHashHex() {
        return hex(infoHash);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwarmCounts c
                && java.util.Arrays.equals(infoHash, c.infoHash)
                && complete == c.complete
                && incomplete == c.incomplete
                && downloaded == c.downloaded;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(infoHash) * 31 + Long.hashCode(complete + 7 * incomplete + 13 * downloaded);
    }

    @Override
    public String toString() {
        return "SwarmCounts[" + infoHashHex() + " complete=" + complete + " incomplete=" + incomplete + " downloaded="
                + downloaded + "]";
    }
}

package io.bitquark.protocol.tracker;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * One torrent's entry in a scrape response (BEP 48):
 * {@code <20-byte info-hash>d8:completei..e10:downloadedi..e10:incompletei..e[4:name..]e}.
 *
 * @param complete   seeders
 * @param downloaded completed downloads ever reported
 * @param incomplete leechers
 */
public record ScrapeStats(byte[] infoHash, long complete, long downloaded, long incomplete, Optional<String> name) {

    public ScrapeStats {
        if (infoHash.length != AnnounceRequest.INFO_HASH_LENGTH) {
            throw new IllegalArgumentException("an info-hash has 20 bytes, not " + infoHash.length);
        }
        if (complete < 0 || downloaded < 0 || incomplete < 0) {
            throw new IllegalArgumentException("scrape counts must not be negative");
        }
        Objects.requireNonNull(name, "name");
        infoHash = infoHash.clone();
    }

    public static ScrapeStats of(byte[] infoHash, long complete, long downloaded, long incomplete) {
        return new ScrapeStats(infoHash, complete, downloaded, incomplete, Optional.empty());
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScrapeStats s
                && Arrays.equals(s.infoHash, infoHash)
                && s.complete == complete
                && s.downloaded == downloaded
                && s.incomplete == incomplete
                && s.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(infoHash), complete, downloaded, incomplete, name);
    }

    @Override
    public String toString() {
        return "ScrapeStats[" + HexFormat.of().formatHex(infoHash) + ", complete=" + complete + ", downloaded="
                + downloaded + ", incomplete=" + incomplete
                + name.map(n -> ", name=" + n).orElse("") + "]";
    }
}

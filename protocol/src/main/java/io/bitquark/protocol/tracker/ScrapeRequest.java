package io.bitquark.protocol.tracker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An HTTP scrape (BEP 48): {@code GET /scrape?info_hash=...&info_hash=...}, one 20-byte info-hash per
 * parameter. No info-hash at all asks for every torrent (a "full scrape"), which a tracker may refuse.
 */
public final class ScrapeRequest {

    private final List<byte[]> infoHashes;

    private ScrapeRequest(List<byte[]> infoHashes) {
        List<byte[]> copies = new ArrayList<>(infoHashes.size());
        for (byte[] infoHash : infoHashes) {
            if (infoHash.length != AnnounceRequest.INFO_HASH_LENGTH) {
                throw new IllegalArgumentException("an info-hash has 20 bytes, not " + infoHash.length);
            }
            copies.add(infoHash.clone());
        }
        this.infoHashes = copies;
    }

    public static ScrapeRequest of(List<byte[]> infoHashes) {
        return new ScrapeRequest(infoHashes);
    }

    /** Copies of the requested info-hashes, in request order, duplicates kept. */
    public List<byte[]> infoHashes() {
        List<byte[]> copies = new ArrayList<>(infoHashes.size());
        for (byte[] infoHash : infoHashes) {
            copies.add(infoHash.clone());
        }
        return copies;
    }

    public boolean isFullScrape() {
        return infoHashes.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScrapeRequest other) || other.infoHashes.size() != infoHashes.size()) {
            return false;
        }
        for (int i = 0; i < infoHashes.size(); i++) {
            if (!Arrays.equals(other.infoHashes.get(i), infoHashes.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (byte[] infoHash : infoHashes) {
            h = 31 * h + Arrays.hashCode(infoHash);
        }
        return h;
    }

    @Override
    public String toString() {
        List<String> hex = new ArrayList<>();
        for (byte[] infoHash : infoHashes) {
            hex.add(HexFormat.of().formatHex(infoHash));
        }
        return "ScrapeRequest" + hex;
    }
}

package io.bitquark.protocol.tracker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the raw query string of an HTTP scrape (BEP 48) into a {@link ScrapeRequest}.
 *
 * <pre>
 * info_hash=%12%34...&amp;info_hash=%AB%CD...    each percent-decoded to exactly 20 bytes
 * </pre>
 *
 * <p>The same character rules as an announce apply (see {@link AnnounceQueryParser}); other parameters are
 * ignored. Besides the query length, the number of info-hashes is capped so that one request cannot make
 * the tracker build an arbitrarily large response.
 */
public final class ScrapeQueryParser {

    public static final int DEFAULT_MAX_QUERY_LENGTH = 4096;
    /** A 4 KiB query holds at most 68 fully escaped info-hashes; 64 keeps the response small. */
    public static final int DEFAULT_MAX_INFO_HASHES = 64;

    private final int maxQueryLength;
    private final int maxInfoHashes;

    public ScrapeQueryParser(int maxQueryLength, int maxInfoHashes) {
        if (maxQueryLength < 1 || maxInfoHashes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxQueryLength = maxQueryLength;
        this.maxInfoHashes = maxInfoHashes;
    }

    public static ScrapeQueryParser withDefaults() {
        return new ScrapeQueryParser(DEFAULT_MAX_QUERY_LENGTH, DEFAULT_MAX_INFO_HASHES);
    }

    public ScrapeRequest parse(CharSequence rawQuery) throws TrackerRequestException {
        List<byte[]> infoHashes = new ArrayList<>();
        for (QueryString.Pair pair : QueryString.split(rawQuery, maxQueryLength)) {
            if ("info_hash".equals(pair.name())) {
                if (infoHashes.size() == maxInfoHashes) {
                    throw new TrackerRequestException("more than " + maxInfoHashes + " info_hash values");
                }
                infoHashes.add(AnnounceQueryParser.twentyBytes(pair.rawValue(), "info_hash"));
            }
        }
        return ScrapeRequest.of(infoHashes);
    }

    public ScrapeRequest parse(byte[] rawQuery) throws TrackerRequestException {
        return parse(new String(rawQuery, StandardCharsets.ISO_8859_1));
    }
}

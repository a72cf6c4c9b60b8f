package io.bitquark.protocol.tracker;

import java.util.List;

/**
 * A successful HTTP scrape response (BEP 48): {@code d5:filesd<info-hash><stats>...ee}, one
 * {@link ScrapeStats} per torrent the tracker knows.
 */
public record ScrapeResponse(List<ScrapeStats> files) implements ScrapeResult {

    public ScrapeResponse {
        files = List.copyOf(files);
    }
}

package io.bitquark.protocol.tracker;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: the announce and scrape query parsers may refuse input only with
 * {@link TrackerRequestException}, and an accepted announce survives a trip through the client-side URL
 * builder unchanged. Without {@code JAZZER_FUZZ} this replays the seed corpus.
 */
class AnnounceQueryFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parsersThrowOnlyTrackerRequestException(byte[] input) {
        try {
            AnnounceRequest request = AnnounceQueryParser.withDefaults().parse(input);
            String url = TrackerUrls.announce("http://t.example/announce", request);
            AnnounceRequest again = AnnounceQueryParser.withDefaults().parse(url.substring(url.indexOf('?') + 1));
            if (!again.equals(request)) {
                throw new AssertionError("announce changed through the URL builder: " + request + " -> " + again);
            }
        } catch (TrackerRequestException expected) {
            // refused with a failure reason: the declared outcome
        }
        try {
            ScrapeQueryParser.withDefaults().parse(input);
        } catch (TrackerRequestException expected) {
            // refused with a failure reason: the declared outcome
        }
    }
}

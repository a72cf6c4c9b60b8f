package io.bitquark.protocol.magnet;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target: parsing may fail only with {@link MagnetException}, and whatever parses survives a
 * {@code toUri()}/{@code parse} round trip (a failure of the second parse escapes and is a finding).
 */
class MagnetLinkFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseThrowsOnlyMagnetException(byte[] input) throws MagnetException {
        MagnetLink link = null;
        try {
            link = MagnetLink.parse(new String(input, StandardCharsets.UTF_8));
        } catch (MagnetException expected) {
            // refused with a reason: the declared outcome
        }
        if (link != null && !MagnetLink.parse(link.toUri()).equals(link)) {
            throw new AssertionError("magnet link does not survive a round trip: " + link.toUri());
        }
    }
}

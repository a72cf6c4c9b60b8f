package io.bitquark.protocol.tracker.udp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bitquark.protocol.tracker.AddressFamily;
import java.util.Arrays;

/**
 * Fuzz target: every UDP tracker decoder may refuse input only with {@link UdpPacketException}, and what it
 * accepts re-encodes to a packet that decodes to the same value. Without {@code JAZZER_FUZZ} this replays
 * the seed corpus.
 */
class UdpPacketFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decodersThrowOnlyUdpPacketException(byte[] input) {
        try {
            UdpTrackerRequest request = UdpTrackerPackets.decodeRequest(input);
            if (!UdpTrackerPackets.decodeRequest(request.encode()).equals(request)) {
                throw new AssertionError("request changed through encode: " + request);
            }
        } catch (UdpPacketException expected) {
            // refused with a kind: the declared outcome
        }
        for (AddressFamily family : AddressFamily.values()) {
            try {
                UdpTrackerResponse response = UdpTrackerPackets.decodeResponse(input, family);
                if (!UdpTrackerPackets.decodeResponse(response.encode(), family).equals(response)) {
                    throw new AssertionError("response changed through encode: " + response);
                }
                if (!(response instanceof UdpErrorResponse) && !Arrays.equals(response.encode(), input)) {
                    throw new AssertionError("response did not re-encode to its own bytes: " + response);
                }
            } catch (UdpPacketException expected) {
                // refused with a kind: the declared outcome
            }
        }
    }
}

package io.bitquark.protocol.bencode;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: the decoders may fail only with {@link BencodeException}, and whatever a strict decode
 * accepts re-encodes to exactly the same bytes. Without {@code JAZZER_FUZZ} this replays the seed corpus
 * as a regression test; {@code ./bitquark test} runs it fuzzing for a bounded time.
 */
class BencodeFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decodersThrowOnlyBencodeException(byte[] input) {
        try {
            BencodeDecoder.lenient().decode(input);
        } catch (BencodeException expected) {
            // refused with a named offset: the declared outcome
        }
        try {
            Decoded strict = BencodeDecoder.strict().decode(input);
            byte[] again = BencodeEncoder.encode(strict.root());
            if (!java.util.Arrays.equals(again, input)) {
                throw new AssertionError("strict decode accepted non-canonical input");
            }
        } catch (BencodeException expected) {
            // refused with a named offset: the declared outcome
        }
    }
}

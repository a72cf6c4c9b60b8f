package io.bitquark.protocol.peer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target: the frame decoder and the handshake decoder may fail only with {@link PeerWireException};
 * the frame decoder yields the same messages however the input is split, and every message it yields
 * re-encodes to the bytes it came from.
 */
class PeerWireFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void frameDecoderThrowsOnlyPeerWireException(byte[] input) {
        List<PeerMessage> whole = new ArrayList<>();
        PeerWireException wholeFailure = null;
        try {
            whole.addAll(new FrameDecoder(new FrameLimits(64, 64, 64, 64)).feed(input));
        } catch (PeerWireException e) {
            wholeFailure = e;
        }

        List<PeerMessage> split = new ArrayList<>();
        PeerWireException splitFailure = null;
        FrameDecoder decoder = new FrameDecoder(new FrameLimits(64, 64, 64, 64));
        int step = input.length == 0 ? 1 : 1 + (input[0] & 7);
        try {
            for (int offset = 0; offset < input.length; offset += step) {
                split.addAll(decoder.feed(input, offset, Math.min(step, input.length - offset)));
            }
        } catch (PeerWireException e) {
            splitFailure = e;
        }
        if ((wholeFailure == null) != (splitFailure == null) || (wholeFailure == null && !split.equals(whole))) {
            throw new AssertionError("splitting the input changed the outcome: " + whole + " vs " + split);
        }

        if (wholeFailure == null) {
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            for (PeerMessage m : whole) {
                again.writeBytes(PeerWireCodec.encode(m));
            }
            byte[] consumed = Arrays.copyOf(input, again.size());
            if (!Arrays.equals(again.toByteArray(), consumed)) {
                throw new AssertionError("decoded messages do not re-encode to their bytes");
            }
        }

        try {
            Handshake handshake = Handshake.decode(ByteBuffer.wrap(input));
            if (!Arrays.equals(handshake.encode(), Arrays.copyOf(input, Handshake.LENGTH))) {
                throw new AssertionError("handshake does not re-encode to its bytes");
            }
        } catch (HandshakeException expected) {
            // not a handshake: the declared outcome
        }
    }
}

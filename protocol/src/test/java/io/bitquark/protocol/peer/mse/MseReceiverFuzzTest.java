package io.bitquark.protocol.peer.mse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Fuzz target: whatever bytes a peer opens with, and however they are split, the MSE receiver either asks
 * for more, finishes, or fails with {@link MseException}; it never throws anything else, never consumes more
 * than it was given, and never replies with more than Yb and PadB.
 */
class MseReceiverFuzzTest {

    private static final byte[] SKEY = new byte[20];

    @FuzzTest(maxDuration = "10s")
    void anyOpeningEndsInProgressOrMseException(FuzzedDataProvider data) {
        boolean knowsEveryTorrent = data.consumeBoolean();
        int allowed = data.consumeInt(0, 3);
        int step = data.consumeInt(1, 700);
        byte[] input = data.consumeRemainingAsBytes();
        MseReceiver receiver =
                new MseReceiver(req2 -> knowsEveryTorrent ? SKEY : null, allowed, new SecureRandom(new byte[] {1}));
        try {
            for (int offset = 0; offset < input.length; offset += step) {
                ByteBuffer chunk = ByteBuffer.wrap(input, offset, Math.min(step, input.length - offset));
                MseReceiver.Progress progress = receiver.feed(chunk);
                if (progress.reply().length
                        > MseKeyPair.KEY_LENGTH + MseReceiver.MAX_PAD + 8 + 4 + 2 + MseReceiver.MAX_PAD) {
                    throw new AssertionError("reply of " + progress.reply().length + " bytes");
                }
                if (progress.established() != null) {
                    if ((progress.established().method() & allowed) == 0) {
                        throw new AssertionError("selected a method that is not allowed: "
                                + progress.established().method());
                    }
                    return;
                }
            }
        } catch (MseException expected) {
            // not an MSE handshake: the declared outcome
        }
    }
}

package io.bitquark.protocol.peer;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: the BEP 10 handshake and BEP 9 ut_metadata decoders may fail only with
 * {@link PeerWireException}, and whatever they accept survives an encode/decode round trip (a failure of
 * the second decode escapes and is a finding).
 */
class ExtensionProtocolFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void extensionPayloadDecodersThrowOnlyPeerWireException(byte[] payload) throws PeerWireException {
        ExtendedHandshake handshake = null;
        try {
            handshake = ExtendedHandshake.decode(payload);
        } catch (PeerWireException expected) {
            // refused with a reason: the declared outcome
        }
        if (handshake != null && !ExtendedHandshake.decode(handshake.encode()).equals(handshake)) {
            throw new AssertionError("extension handshake does not survive a round trip: " + handshake);
        }

        UtMetadataMessage message = null;
        try {
            message = UtMetadataMessage.decode(payload);
        } catch (PeerWireException expected) {
            // refused with a reason: the declared outcome
        }
        if (message != null && !UtMetadataMessage.decode(message.encode()).equals(message)) {
            throw new AssertionError("ut_metadata message does not survive a round trip: " + message);
        }
    }
}

package io.bitquark.protocol.peer.mse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MseReceiverTest {

    private static final byte[] SKEY = "an info-hash 20 byte".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_SKEY = "another torrent hash".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HANDSHAKE =
            "\u0013BitTorrent protocol and the rest of a BEP 3 handshake .......".getBytes(StandardCharsets.US_ASCII);

    private final Map<ByteBuffer, byte[]> served = new HashMap<>();
    private final ScriptedInitiator initiator =
            new ScriptedInitiator(new BigInteger("123456789abcdef0123456789abcdef", 16), SKEY);

    MseReceiverTest() {
        for (byte[] skey : new byte[][] {SKEY, OTHER_SKEY}) {
            served.put(ByteBuffer.wrap(MseHashes.req2(skey)), skey);
        }
    }

    private MseReceiver receiver(int allowed) {
        return new MseReceiver(h -> served.get(ByteBuffer.wrap(h)), allowed, new SecureRandom());
    }

    @Test
    void aPlaintextHandshakeSelectsPlaintextNamesTheTorrentAndDecryptsTheInitialPayload() throws Exception {
        MseReceiver receiver = receiver(CryptoMethod.PLAINTEXT);
        MseReceiver.Progress step2 = receiver.feed(ByteBuffer.wrap(initiator.publicKey(100)));
        assertThat(step2.established()).isNull();
        assertThat(step2.reply().length).isBetween(96, 96 + 512);
        initiator.receiverKey(step2.reply());
        byte[] step3 = initiator.request(CryptoMethod.PLAINTEXT | CryptoMethod.RC4, 7, HANDSHAKE);
        ByteBuffer in = ByteBuffer.allocate(step3.length + 5)
                .put(step3)
                .put("after".getBytes())
                .flip();

        MseReceiver.Progress done = receiver.feed(in);

        assertThat(done.established()).isNotNull();
        assertThat(done.established().method()).isEqualTo(CryptoMethod.PLAINTEXT);
        assertThat(done.established().skey()).isEqualTo(SKEY);
        assertThat(done.established().initialPayload()).isEqualTo(HANDSHAKE);
        assertThat(initiator.selected(done.reply())).isEqualTo(CryptoMethod.PLAINTEXT);
        assertThat(in.remaining())
                .as("the payload stream after IA is left to the caller")
                .isEqualTo(5);
    }

    @Test
    void bytesArrivingOneAtATimeGiveTheSameHandshake() throws Exception {
        MseReceiver receiver = receiver(CryptoMethod.PLAINTEXT);
        byte[] step2 = feedByteByByte(receiver, initiator.publicKey(512)).reply();
        initiator.receiverKey(step2);
        MseReceiver.Progress done = feedByteByByte(receiver, initiator.request(CryptoMethod.PLAINTEXT, 512, HANDSHAKE));
        assertThat(done.established().initialPayload()).isEqualTo(HANDSHAKE);
        assertThat(initiator.selected(done.reply())).isEqualTo(CryptoMethod.PLAINTEXT);
    }

    @Test
    void anEmptyInitialPayloadFinishesTheHandshakeWithNoPayload() throws Exception {
        MseReceiver.Progress done =
                handshake(receiver(CryptoMethod.PLAINTEXT), 0, CryptoMethod.PLAINTEXT, 0, new byte[0]);
        assertThat(done.established().initialPayload()).isEmpty();
    }

    @Test
    void theOtherServedTorrentIsFoundByItsOwnHash() throws Exception {
        ScriptedInitiator other = new ScriptedInitiator(BigInteger.valueOf(987654321), OTHER_SKEY);
        MseReceiver receiver = receiver(CryptoMethod.PLAINTEXT);
        other.receiverKey(receiver.feed(ByteBuffer.wrap(other.publicKey(3))).reply());
        MseReceiver.Progress done = receiver.feed(ByteBuffer.wrap(other.request(CryptoMethod.PLAINTEXT, 0, HANDSHAKE)));
        assertThat(done.established().skey()).isEqualTo(OTHER_SKEY);
    }

    @Test
    void rc4OnlyIsRefusedByAPlaintextOnlyReceiver() throws Exception {
        assertFails(
                () -> handshake(receiver(CryptoMethod.PLAINTEXT), 0, CryptoMethod.RC4, 0, HANDSHAKE),
                MseException.Failure.NO_COMMON_METHOD);
    }

    @Test
    void rc4IsSelectedWhenAllowedAndBothStreamsStayEncrypted() throws Exception {
        MseReceiver.Progress done =
                handshake(receiver(CryptoMethod.PLAINTEXT | CryptoMethod.RC4), 0, CryptoMethod.RC4, 0, HANDSHAKE);
        MseReceiver.Established established = done.established();
        assertThat(established.method()).isEqualTo(CryptoMethod.RC4);
        assertThat(initiator.selected(done.reply())).isEqualTo(CryptoMethod.RC4);
        byte[] fromA = "interested".getBytes(StandardCharsets.US_ASCII);
        assertThat(established.incoming().crypt(initiator.outgoing.crypt(fromA)))
                .isEqualTo(fromA);
        byte[] fromB = "unchoke".getBytes(StandardCharsets.US_ASCII);
        assertThat(initiator.incoming.crypt(established.outgoing().crypt(fromB)))
                .isEqualTo(fromB);
    }

    @Test
    void garbageFailsTheSyncSearchWithin628Bytes() {
        byte[] garbage =
                ("GET /announce?x=" + "a".repeat(700) + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        MseReceiver receiver = receiver(CryptoMethod.PLAINTEXT);
        ByteBuffer in = ByteBuffer.wrap(garbage);
        assertFails(() -> receiver.feed(in), MseException.Failure.NO_SYNC);
        assertThat(in.position()).isEqualTo(96 + 512 + 20);
    }

    @Test
    void padAOf512BytesIsAcceptedAndOf513IsNot() throws Exception {
        assertThat(handshake(receiver(CryptoMethod.PLAINTEXT), 512, CryptoMethod.PLAINTEXT, 0, HANDSHAKE)
                        .established())
                .isNotNull();
        assertStep3Fails(
                initiator, 513, a -> a.request(CryptoMethod.PLAINTEXT, 0, HANDSHAKE), MseException.Failure.NO_SYNC);
    }

    @Test
    void anUnservedTorrentFails() throws Exception {
        ScriptedInitiator stranger = new ScriptedInitiator(BigInteger.valueOf(7), "not served by anyone".getBytes());
        assertStep3Fails(
                stranger,
                0,
                a -> a.request(CryptoMethod.PLAINTEXT, 0, HANDSHAKE),
                MseException.Failure.UNKNOWN_INFO_HASH);
    }

    @Test
    void aWrongVerificationConstantFails() throws Exception {
        assertStep3Fails(
                initiator,
                0,
                a -> a.request(new byte[] {0, 0, 0, 1, 0, 0, 0, 0}, CryptoMethod.PLAINTEXT, 0, HANDSHAKE),
                MseException.Failure.BAD_VERIFICATION);
    }

    @Test
    void padCAbove512BytesFails() {
        assertFails(
                () -> handshake(receiver(CryptoMethod.PLAINTEXT), 0, CryptoMethod.PLAINTEXT, 513, HANDSHAKE),
                MseException.Failure.BAD_PAD_LENGTH);
    }

    @Test
    void aPublicKeyOfOneFails() {
        byte[] ya = new byte[96];
        ya[95] = 1;
        assertFails(
                () -> receiver(CryptoMethod.PLAINTEXT).feed(ByteBuffer.wrap(ya)), MseException.Failure.BAD_PUBLIC_KEY);
    }

    @Test
    void aFailedReceiverTakesNoMoreBytes() {
        MseReceiver receiver = receiver(CryptoMethod.PLAINTEXT);
        assertThatThrownBy(() -> receiver.feed(ByteBuffer.wrap(new byte[96]))).isInstanceOf(MseException.class);
        assertThatThrownBy(() -> receiver.feed(ByteBuffer.wrap(new byte[1]))).isInstanceOf(IllegalStateException.class);
    }

    private MseReceiver.Progress handshake(MseReceiver receiver, int padA, int provide, int padC, byte[] ia)
            throws MseException {
        initiator.receiverKey(
                receiver.feed(ByteBuffer.wrap(initiator.publicKey(padA))).reply());
        return receiver.feed(ByteBuffer.wrap(initiator.request(provide, padC, ia)));
    }

    private void assertStep3Fails(
            ScriptedInitiator a, int padA, Function<ScriptedInitiator, byte[]> step3, MseException.Failure failure)
            throws MseException {
        MseReceiver receiver = receiver(CryptoMethod.PLAINTEXT);
        a.receiverKey(receiver.feed(ByteBuffer.wrap(a.publicKey(padA))).reply());
        assertFails(() -> receiver.feed(ByteBuffer.wrap(step3.apply(a))), failure);
    }

    private static MseReceiver.Progress feedByteByByte(MseReceiver receiver, byte[] bytes) throws MseException {
        ByteBuffer out = ByteBuffer.allocate(1024);
        MseReceiver.Progress last = null;
        for (byte b : bytes) {
            last = receiver.feed(ByteBuffer.wrap(new byte[] {b}));
            out.put(last.reply());
        }
        return new MseReceiver.Progress(Arrays.copyOf(out.array(), out.position()), last.established());
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void assertFails(Step step, MseException.Failure failure) {
        assertThatThrownBy(step::run)
                .isInstanceOf(MseException.class)
                .extracting(e -> ((MseException) e).failure())
                .isEqualTo(failure);
    }
}

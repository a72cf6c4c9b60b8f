package io.bitquark.protocol.peer.mse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Specifies {@link MseInitiator} against {@link MseReceiver}: the two agree on the method (plaintext when both
 * allow it, RC4 otherwise), the receiver gets IA and the torrent, and after the handshake each side's RC4
 * stream decrypts what the other's encrypts, in both directions, however the bytes are cut.
 */
class MseInitiatorTest {

    private static final byte[] SKEY = "an info-hash 20 byte".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HANDSHAKE =
            "\u0013BitTorrent protocol and the rest of a BEP 3 handshake .......".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FROM_A = "interested, request 0 0 16384".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FROM_B = "unchoke, piece 0 0 <block>".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random = new SecureRandom();

    private MseReceiver receiver(int allowed) {
        return new MseReceiver(h -> Arrays.equals(h, MseHashes.req2(SKEY)) ? SKEY : null, allowed, random);
    }

    /** Both sides of a finished handshake and what is left of each direction's bytes. */
    private record Connected(MseInitiator.Established a, MseReceiver.Established b, ByteBuffer toB, ByteBuffer toA) {}

    /** Runs the handshake, delivering each side's bytes {@code chunk} at a time; A's first payload follows IA. */
    private Connected handshake(int provide, int allowed, int chunk, byte[] payloadAfterIa) throws MseException {
        MseInitiator initiator = new MseInitiator(SKEY, provide, HANDSHAKE, random);
        MseReceiver receiver = receiver(allowed);
        ByteBuffer toB = ByteBuffer.allocate(4096);
        ByteBuffer toA = ByteBuffer.allocate(4096);
        toB.put(initiator.start()).flip();
        toA.flip();
        MseInitiator.Established a = null;
        MseReceiver.Established b = null;
        while (a == null || b == null) {
            if (b == null && toB.hasRemaining()) {
                ByteBuffer part = slice(toB, chunk);
                MseReceiver.Progress p = receiver.feed(part);
                toB.position(toB.position() + part.position());
                append(toA, p.reply());
                b = p.established();
            } else if (a == null && toA.hasRemaining()) {
                ByteBuffer part = slice(toA, chunk);
                MseInitiator.Progress p = initiator.feed(part);
                toA.position(toA.position() + part.position());
                append(toB, p.reply());
                a = p.established();
                if (a != null && a.method() == CryptoMethod.RC4) {
                    append(toB, a.outgoing().crypt(payloadAfterIa));
                } else if (a != null) {
                    append(toB, payloadAfterIa);
                }
            } else {
                throw new AssertionError("the handshake stalled");
            }
        }
        return new Connected(a, b, toB, toA);
    }

    /** At most {@code n} bytes from the front of {@code from}, unread there: the caller advances by what was taken. */
    private static ByteBuffer slice(ByteBuffer from, int n) {
        return from.slice(from.position(), Math.min(n, from.remaining()));
    }

    private static void append(ByteBuffer to, byte[] bytes) {
        int position = to.position();
        to.position(to.limit()).limit(to.capacity());
        to.put(bytes);
        to.limit(to.position()).position(position);
    }

    @Test
    void whenBothAllowPlaintextPlaintextIsSelectedAndThePayloadFlowsUnencrypted() throws MseException {
        Connected c = handshake(
                CryptoMethod.PLAINTEXT | CryptoMethod.RC4, CryptoMethod.PLAINTEXT | CryptoMethod.RC4, 4096, FROM_A);

        assertThat(c.a().method()).isEqualTo(CryptoMethod.PLAINTEXT);
        assertThat(c.b().method()).isEqualTo(CryptoMethod.PLAINTEXT);
        assertThat(c.b().skey()).isEqualTo(SKEY);
        assertThat(c.b().initialPayload()).isEqualTo(HANDSHAKE);
        assertThat(remaining(c.toB())).isEqualTo(FROM_A);
    }

    @Test
    void aReceiverThatAllowsOnlyRc4SelectsItAndBothDirectionsAreEncrypted() throws MseException {
        Connected c = handshake(CryptoMethod.PLAINTEXT | CryptoMethod.RC4, CryptoMethod.RC4, 4096, FROM_A);

        assertThat(c.a().method()).isEqualTo(CryptoMethod.RC4);
        assertThat(c.b().method()).isEqualTo(CryptoMethod.RC4);
        assertThat(c.b().initialPayload()).isEqualTo(HANDSHAKE);
        byte[] received = remaining(c.toB());
        assertThat(received).as("on the wire").isNotEqualTo(FROM_A);
        assertThat(c.b().incoming().crypt(received)).isEqualTo(FROM_A);
        byte[] answer = c.b().outgoing().crypt(FROM_B);
        assertThat(answer).as("on the wire").isNotEqualTo(FROM_B);
        assertThat(c.a().incoming().crypt(answer)).isEqualTo(FROM_B);
    }

    @Test
    void anInitiatorThatProvidesOnlyRc4GetsRc4FromAReceiverThatPrefersPlaintext() throws MseException {
        Connected c = handshake(CryptoMethod.RC4, CryptoMethod.PLAINTEXT | CryptoMethod.RC4, 4096, FROM_A);

        assertThat(c.a().method()).isEqualTo(CryptoMethod.RC4);
        assertThat(c.b().incoming().crypt(remaining(c.toB()))).isEqualTo(FROM_A);
    }

    @Test
    void bytesDeliveredOneAtATimeGiveTheSameResult() throws MseException {
        for (int method : new int[] {CryptoMethod.PLAINTEXT, CryptoMethod.RC4}) {
            Connected c = handshake(method, CryptoMethod.PLAINTEXT | CryptoMethod.RC4, 1, FROM_A);

            assertThat(c.a().method()).isEqualTo(method);
            assertThat(c.b().initialPayload()).isEqualTo(HANDSHAKE);
            byte[] received = remaining(c.toB());
            assertThat(method == CryptoMethod.RC4 ? c.b().incoming().crypt(received) : received)
                    .isEqualTo(FROM_A);
        }
    }

    @Test
    void theRc4OfADirectBufferIsTheRc4OfTheSameBytesOnTheHeap() {
        byte[] key = MseHashes.req1(new byte[96]);
        ByteBuffer direct = ByteBuffer.allocateDirect(FROM_B.length).put(FROM_B).flip();

        Rc4.forMse(key).crypt(direct);

        byte[] out = new byte[FROM_B.length];
        direct.get(out);
        assertThat(out).isEqualTo(Rc4.forMse(key).crypt(FROM_B));
    }

    @Test
    void garbageInsteadOfPadBAndVcFailsWithinTheSyncWindow() throws MseException {
        MseInitiator initiator = new MseInitiator(SKEY, CryptoMethod.RC4, HANDSHAKE, random);
        initiator.start();
        byte[] yb = MseKeyPair.generate(random).publicKey();
        initiator.feed(ByteBuffer.wrap(yb));
        ByteBuffer garbage = ByteBuffer.allocate(MseReceiver.MAX_PAD + 8 + 1);

        assertThatThrownBy(() -> initiator.feed(garbage))
                .isInstanceOfSatisfying(
                        MseException.class, e -> assertThat(e.failure()).isEqualTo(MseException.Failure.NO_SYNC));
        assertThat(garbage.position()).as("failed at the end of the window").isEqualTo(MseReceiver.MAX_PAD + 8);
    }

    @Test
    void aReceiverThatSelectsAMethodNotProvidedIsRefused() throws MseException {
        ScriptedReceiverAnswer answer = new ScriptedReceiverAnswer();
        MseInitiator initiator = new MseInitiator(SKEY, CryptoMethod.RC4, HANDSHAKE, random);
        byte[] step1 = initiator.start();
        initiator.feed(ByteBuffer.wrap(answer.publicKey()));

        byte[] step4 = answer.select(step1, CryptoMethod.PLAINTEXT);

        assertThatThrownBy(() -> initiator.feed(ByteBuffer.wrap(step4)))
                .isInstanceOfSatisfying(
                        MseException.class, e -> assertThat(e.failure()).isEqualTo(MseException.Failure.BAD_SELECT));
    }

    @Test
    void aYbOutOfRangeIsRefused() {
        MseInitiator initiator = new MseInitiator(SKEY, CryptoMethod.RC4, HANDSHAKE, random);
        initiator.start();

        assertThatThrownBy(() -> initiator.feed(ByteBuffer.wrap(new byte[MseKeyPair.KEY_LENGTH])))
                .isInstanceOfSatisfying(MseException.class, e -> assertThat(e.failure())
                        .isEqualTo(MseException.Failure.BAD_PUBLIC_KEY));
    }

    /** A receiver that answers whatever crypto_select a test names, to show the initiator checks it. */
    private final class ScriptedReceiverAnswer {
        private final MseKeyPair keys = MseKeyPair.generate(random);

        byte[] publicKey() {
            return keys.publicKey();
        }

        byte[] select(byte[] step1, int method) throws MseException {
            byte[] secret = keys.sharedSecret(Arrays.copyOf(step1, MseKeyPair.KEY_LENGTH));
            byte[] answer = ByteBuffer.allocate(14)
                    .put(new byte[8])
                    .putInt(method)
                    .putShort((short) 0)
                    .array();
            return Rc4.forMse(MseHashes.keyB(secret, SKEY)).crypt(answer);
        }
    }

    private static byte[] remaining(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}

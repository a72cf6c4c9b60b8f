package io.bitquark.protocol.peer.mse;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The initiating side (A) of an MSE handshake, built from the same primitives as the receiver, for tests.
 * Its steps take and return whole messages; tests cut them into pieces as they like.
 */
final class ScriptedInitiator {

    final MseKeyPair keys;
    final byte[] skey;
    byte[] secret;
    Rc4 outgoing;
    Rc4 incoming;

    ScriptedInitiator(BigInteger privateKey, byte[] skey) {
        this.keys = new MseKeyPair(privateKey);
        this.skey = skey.clone();
    }

    /** Step 1: Ya, PadA. */
    byte[] publicKey(int padA) {
        return ByteBuffer.allocate(MseKeyPair.KEY_LENGTH + padA)
                .put(keys.publicKey())
                .put(new byte[padA])
                .array();
    }

    /** Reads Yb from the start of step 2 (PadB follows and is ignored). */
    void receiverKey(byte[] step2) throws MseException {
        secret = keys.sharedSecret(Arrays.copyOf(step2, MseKeyPair.KEY_LENGTH));
        outgoing = Rc4.forMse(MseHashes.keyA(secret, skey));
        incoming = Rc4.forMse(MseHashes.keyB(secret, skey));
    }

    /** Step 3: the sync hash, the obfuscated SKEY, then ENCRYPT(VC, crypto_provide, len(PadC), PadC, len(IA), IA). */
    byte[] request(int provide, int padC, byte[] initialPayload) {
        return request(new byte[8], provide, padC, initialPayload);
    }

    byte[] request(byte[] vc, int provide, int padC, byte[] initialPayload) {
        byte[] encrypted = ByteBuffer.allocate(vc.length + 4 + 2 + padC + 2 + initialPayload.length)
                .put(vc)
                .putInt(provide)
                .putShort((short) padC)
                .put(new byte[padC])
                .putShort((short) initialPayload.length)
                .put(initialPayload)
                .array();
        return ByteBuffer.allocate(40 + encrypted.length)
                .put(MseHashes.req1(secret))
                .put(MseHashes.xor(MseHashes.req2(skey), MseHashes.req3(secret)))
                .put(outgoing.crypt(encrypted))
                .array();
    }

    /** Reads step 4 (with an empty PadD) and returns crypto_select. */
    int selected(byte[] step4) {
        ByteBuffer answer = ByteBuffer.wrap(incoming.crypt(step4));
        byte[] vc = new byte[8];
        answer.get(vc);
        assertThat(vc).as("VC").containsOnly(0);
        int select = answer.getInt();
        assertThat(answer.getShort()).as("len(PadD)").isZero();
        assertThat(answer.hasRemaining()).isFalse();
        return select;
    }
}

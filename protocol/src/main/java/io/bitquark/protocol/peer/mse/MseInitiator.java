package io.bitquark.protocol.peer.mse;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The initiating side (A) of Message Stream Encryption / Protocol Encryption (MSE/PE, the Vuze/libtorrent
 * specification "Message Stream Encryption"), fed bytes as they arrive and never blocking:
 *
 * <pre>
 * 1 A-&gt;B  Ya (96), PadA (0..512 random)                       {@link #start}
 * 2 B-&gt;A  Yb (96), PadB (0..512)
 * 3 A-&gt;B  HASH('req1', S) (20), HASH('req2', SKEY) xor HASH('req3', S) (20),
 *         ENCRYPT( VC (8 zero bytes), crypto_provide (4), len(PadC) (2), PadC (0..512),
 *                  len(IA) (2), IA (initial payload, e.g. the BEP 3 handshake) )   sent as soon as Yb is in
 * 4 B-&gt;A  ENCRYPT( VC (8), crypto_select (4), len(PadD) (2), PadD (0..512) ), then the payload stream:
 *         plaintext or RC4 as selected
 *
 * S = Yb^Xa mod P; ENCRYPT = RC4 keyed HASH('keyA', S, SKEY) for A-&gt;B and HASH('keyB', S, SKEY) for B-&gt;A,
 * first 1024 keystream bytes discarded; all integers big-endian.
 * </pre>
 *
 * <p>A cannot tell where PadB ends, so it looks for ENCRYPT(VC), the first eight bytes of B's keystream, in at
 * most the 512 + 8 bytes that follow Yb; anything else fails there. PadC is empty; IA is sent in step 3 (so the
 * handshake costs no extra round trip). Bytes after PadD are left in the caller's buffer: they are the payload
 * stream, still encrypted when RC4 was selected.
 */
public final class MseInitiator {

    private static final int VC_LENGTH = 8;
    /** crypto_select and len(PadD), after VC. */
    private static final int SELECT_LENGTH = 4 + 2;

    private static final int SYNC_WINDOW = MseReceiver.MAX_PAD + VC_LENGTH;

    /** What a step produced: bytes to send to B (maybe none), and the result once done. */
    public record Progress(byte[] reply, Established established) {}

    /**
     * A finished handshake: the method B selected ({@link CryptoMethod}) and the two RC4 streams positioned after
     * the handshake, for the payload when RC4 was selected: {@code incoming} decrypts what B sends,
     * {@code outgoing} encrypts for B (IA already went through it).
     */
    public record Established(int method, Rc4 incoming, Rc4 outgoing) {}

    private enum Stage {
        NOT_STARTED,
        PUBLIC_KEY,
        SYNC,
        SELECT,
        PAD_D,
        DONE,
        FAILED
    }

    private final byte[] skey;
    private final int provide;
    private final byte[] initialPayload;
    private final SecureRandom random;
    private final MseKeyPair keys;
    private Stage stage = Stage.NOT_STARTED;
    private byte[] field = new byte[MseKeyPair.KEY_LENGTH];
    private int fill;
    private byte[] encryptedVc;
    private Rc4 incoming;
    private Rc4 outgoing;
    private int selected;

    /**
     * @param skey the torrent's 20-byte handshake info-hash
     * @param provide the {@link CryptoMethod} bits offered in crypto_provide
     * @param initialPayload IA, at most 65535 bytes (our BEP 3 handshake), sent encrypted in step 3
     */
    public MseInitiator(byte[] skey, int provide, byte[] initialPayload, SecureRandom random) {
        if (skey.length != MseHashes.LENGTH) {
            throw new IllegalArgumentException("SKEY of " + skey.length + " bytes");
        }
        if ((provide & (CryptoMethod.PLAINTEXT | CryptoMethod.RC4)) == 0) {
            throw new IllegalArgumentException("crypto_provide 0x" + Integer.toHexString(provide) + " offers nothing");
        }
        if (initialPayload.length > 0xffff) {
            throw new IllegalArgumentException("IA of " + initialPayload.length + " bytes");
        }
        this.skey = skey.clone();
        this.provide = provide;
        this.initialPayload = initialPayload.clone();
        this.random = Objects.requireNonNull(random, "random");
        this.keys = MseKeyPair.generate(random);
    }

    /** Step 1: Ya and a random PadA. */
    public byte[] start() {
        if (stage != Stage.NOT_STARTED) {
            throw new IllegalStateException("MSE handshake already started");
        }
        stage = Stage.PUBLIC_KEY;
        byte[] pad = new byte[random.nextInt(MseReceiver.MAX_PAD + 1)];
        random.nextBytes(pad);
        return ByteBuffer.allocate(MseKeyPair.KEY_LENGTH + pad.length)
                .put(keys.publicKey())
                .put(pad)
                .array();
    }

    /**
     * Takes the handshake bytes of {@code in}, leaving any bytes after PadD there.
     *
     * @return bytes to send (empty when none) and, once the handshake is done, its result (else null)
     * @throws MseException when the bytes are not a valid MSE answer; the initiator is then unusable
     */
    public Progress feed(ByteBuffer in) throws MseException {
        if (stage != Stage.PUBLIC_KEY && stage != Stage.SYNC && stage != Stage.SELECT && stage != Stage.PAD_D) {
            throw new IllegalStateException("MSE handshake " + stage.name().toLowerCase());
        }
        try {
            return step(in);
        } catch (MseException e) {
            stage = Stage.FAILED;
            throw e;
        }
    }

    private Progress step(ByteBuffer in) throws MseException {
        byte[] reply = new byte[0];
        while (in.hasRemaining() && stage != Stage.DONE) {
            if (stage == Stage.SYNC) {
                sync(in);
                continue;
            }
            int n = Math.min(in.remaining(), field.length - fill);
            in.get(field, fill, n);
            fill += n;
            if (fill < field.length) {
                break;
            }
            if (stage == Stage.PUBLIC_KEY) {
                reply = publicKeyReceived(field);
            } else if (stage == Stage.SELECT) {
                incoming.crypt(field, 0, field.length);
                selectReceived(ByteBuffer.wrap(field));
            } else {
                incoming.crypt(field, 0, field.length);
                stage = Stage.DONE;
            }
        }
        return new Progress(reply, stage == Stage.DONE ? new Established(selected, incoming, outgoing) : null);
    }

    /** Step 3, at once: nothing in it depends on PadB. */
    private byte[] publicKeyReceived(byte[] yb) throws MseException {
        byte[] secret = keys.sharedSecret(yb);
        outgoing = Rc4.forMse(MseHashes.keyA(secret, skey));
        incoming = Rc4.forMse(MseHashes.keyB(secret, skey));
        encryptedVc = Rc4.forMse(MseHashes.keyB(secret, skey)).crypt(new byte[VC_LENGTH]);
        byte[] encrypted = ByteBuffer.allocate(VC_LENGTH + 4 + 2 + 2 + initialPayload.length)
                .put(new byte[VC_LENGTH])
                .putInt(provide)
                .putShort((short) 0)
                .putShort((short) initialPayload.length)
                .put(initialPayload)
                .array();
        outgoing.crypt(encrypted, 0, encrypted.length);
        expect(Stage.SYNC, SYNC_WINDOW);
        return ByteBuffer.allocate(2 * MseHashes.LENGTH + encrypted.length)
                .put(MseHashes.req1(secret))
                .put(MseHashes.xor(MseHashes.req2(skey), MseHashes.req3(secret)))
                .put(encrypted)
                .array();
    }

    /** Takes bytes one at a time until the window ends with ENCRYPT(VC), so none beyond it is taken. */
    private void sync(ByteBuffer in) throws MseException {
        while (in.hasRemaining()) {
            field[fill++] = in.get();
            if (fill >= VC_LENGTH && Arrays.equals(field, fill - VC_LENGTH, fill, encryptedVc, 0, VC_LENGTH)) {
                incoming.crypt(new byte[VC_LENGTH], 0, VC_LENGTH);
                expect(Stage.SELECT, SELECT_LENGTH);
                return;
            }
            if (fill == SYNC_WINDOW) {
                throw new MseException(
                        MseException.Failure.NO_SYNC, "no ENCRYPT(VC) within " + SYNC_WINDOW + " bytes after Yb");
            }
        }
    }

    private void selectReceived(ByteBuffer answer) throws MseException {
        selected = answer.getInt();
        if (Integer.bitCount(selected) != 1 || (selected & provide) == 0) {
            throw new MseException(
                    MseException.Failure.BAD_SELECT,
                    "crypto_select 0x" + Integer.toHexString(selected) + ", provided 0x"
                            + Integer.toHexString(provide));
        }
        int padLength = answer.getShort() & 0xffff;
        if (padLength > MseReceiver.MAX_PAD) {
            throw new MseException(MseException.Failure.BAD_PAD_LENGTH, "len(PadD) " + padLength);
        }
        expect(Stage.PAD_D, padLength);
        if (padLength == 0) {
            stage = Stage.DONE;
        }
    }

    private void expect(Stage next, int length) {
        stage = next;
        field = new byte[length];
        fill = 0;
    }
}

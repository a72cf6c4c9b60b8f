package io.bitquark.protocol.peer.mse;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * The receiving side (B) of Message Stream Encryption / Protocol Encryption (MSE/PE, the Vuze/libtorrent
 * specification "Message Stream Encryption"), fed bytes as they arrive and never blocking:
 *
 * <pre>
 * 1 A-&gt;B  Ya (96), PadA (0..512 random)
 * 2 B-&gt;A  Yb (96), PadB (0..512 random)
 * 3 A-&gt;B  HASH('req1', S) (20), HASH('req2', SKEY) xor HASH('req3', S) (20),
 *         ENCRYPT( VC (8 zero bytes), crypto_provide (4), len(PadC) (2), PadC (0..512),
 *                  len(IA) (2), IA (initial payload, e.g. the BEP 3 handshake) )
 * 4 B-&gt;A  ENCRYPT( VC (8), crypto_select (4), len(PadD) (2), PadD ), then the payload stream:
 *         plaintext or RC4 as selected
 *
 * S = Ya^Xb mod P; ENCRYPT = RC4 keyed HASH('keyA', S, SKEY) for A-&gt;B and HASH('keyB', S, SKEY) for B-&gt;A,
 * first 1024 keystream bytes discarded; all integers big-endian.
 * </pre>
 *
 * <p>B answers Ya at once with Yb (step 2), then looks for HASH('req1', S) in at most the 512 + 20 bytes that
 * may follow Ya (628 bytes from the start of the stream): anything else, garbage included, fails there. SKEY is
 * found through {@code skeyByReq2}, which maps HASH('req2', SKEY) to SKEY for each torrent the receiver serves.
 * IA is always RC4-encrypted and is returned decrypted. Bytes after IA are left in the caller's buffer: they
 * are the payload stream. The receiver never selects a method outside {@code allowed}; it prefers plaintext.
 */
public final class MseReceiver {

    /** The upper bound of PadA, PadB, PadC and PadD. */
    public static final int MAX_PAD = 512;

    private static final int VC_LENGTH = 8;
    /** VC, crypto_provide and len(PadC). */
    private static final int HEADER_LENGTH = VC_LENGTH + 4 + 2;

    private static final int SYNC_WINDOW = MAX_PAD + MseHashes.LENGTH;

    /** What a step of the handshake produced: bytes to send to A (maybe none), and the result once done. */
    public record Progress(byte[] reply, Established established) {}

    /**
     * A finished handshake: the selected method ({@link CryptoMethod}), the SKEY (handshake info-hash) A named,
     * the decrypted initial payload IA, and the two RC4 streams positioned after the handshake, for the
     * payload when RC4 was selected: {@code incoming} decrypts what A sends, {@code outgoing} encrypts for A.
     */
    public record Established(int method, byte[] skey, byte[] initialPayload, Rc4 incoming, Rc4 outgoing) {}

    private enum Stage {
        PUBLIC_KEY,
        SYNC,
        TORRENT,
        HEADER,
        PAD_C,
        IA_LENGTH,
        INITIAL_PAYLOAD,
        DONE,
        FAILED
    }

    private final Function<byte[], byte[]> skeyByReq2;
    private final int allowed;
    private final SecureRandom random;
    private MseKeyPair keys;
    private Stage stage = Stage.PUBLIC_KEY;
    private byte[] field = new byte[MseKeyPair.KEY_LENGTH];
    private int fill;
    private byte[] secret;
    private byte[] req1;
    private byte[] skey;
    private Rc4 incoming;
    private int provided;

    /**
     * @param skeyByReq2 the SKEY whose HASH('req2', SKEY) is the argument, or null when none is served
     * @param allowed the {@link CryptoMethod} bits this receiver may select
     */
    public MseReceiver(Function<byte[], byte[]> skeyByReq2, int allowed, SecureRandom random) {
        this.skeyByReq2 = Objects.requireNonNull(skeyByReq2, "skeyByReq2");
        this.allowed = allowed;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Takes the handshake bytes of {@code in}, leaving any bytes after IA there.
     *
     * @return bytes to send (empty when none) and, once the handshake is done, its result (else null)
     * @throws MseException when the bytes are not a valid MSE handshake; the receiver is then unusable
     */
    public Progress feed(ByteBuffer in) throws MseException {
        if (stage == Stage.DONE || stage == Stage.FAILED) {
            throw new IllegalStateException(
                    "MSE handshake already " + stage.name().toLowerCase());
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
            byte[] complete = field;
            if (stage != Stage.PUBLIC_KEY && stage != Stage.TORRENT) {
                incoming.crypt(complete, 0, complete.length);
            }
            switch (stage) {
                case PUBLIC_KEY:
                    reply = publicKeyReceived(complete);
                    break;
                case TORRENT:
                    torrentReceived(complete);
                    break;
                case HEADER:
                    headerReceived(ByteBuffer.wrap(complete));
                    break;
                case PAD_C:
                    expect(Stage.IA_LENGTH, 2);
                    break;
                case IA_LENGTH:
                    expect(Stage.INITIAL_PAYLOAD, ByteBuffer.wrap(complete).getShort() & 0xffff);
                    break;
                default:
                    stage = Stage.DONE;
            }
            if (stage == Stage.INITIAL_PAYLOAD && field.length == 0) {
                stage = Stage.DONE;
            }
        }
        if (stage != Stage.DONE) {
            return new Progress(reply, null);
        }
        return finish(reply);
    }

    private byte[] publicKeyReceived(byte[] ya) throws MseException {
        keys = MseKeyPair.generate(random);
        secret = keys.sharedSecret(ya);
        req1 = MseHashes.req1(secret);
        byte[] pad = new byte[random.nextInt(MAX_PAD + 1)];
        random.nextBytes(pad);
        stage = Stage.SYNC;
        field = new byte[SYNC_WINDOW];
        fill = 0;
        ByteBuffer out = ByteBuffer.allocate(MseKeyPair.KEY_LENGTH + pad.length);
        return out.put(keys.publicKey()).put(pad).array();
    }

    /** Takes bytes one at a time until the window ends with HASH('req1', S), so none beyond it is taken. */
    private void sync(ByteBuffer in) throws MseException {
        while (in.hasRemaining()) {
            field[fill++] = in.get();
            if (fill >= MseHashes.LENGTH
                    && Arrays.equals(field, fill - MseHashes.LENGTH, fill, req1, 0, MseHashes.LENGTH)) {
                expect(Stage.TORRENT, MseHashes.LENGTH);
                return;
            }
            if (fill == SYNC_WINDOW) {
                throw new MseException(
                        MseException.Failure.NO_SYNC, "no HASH('req1', S) within " + SYNC_WINDOW + " bytes after Ya");
            }
        }
    }

    private void torrentReceived(byte[] obfuscated) throws MseException {
        byte[] found = skeyByReq2.apply(MseHashes.xor(obfuscated, MseHashes.req3(secret)));
        if (found == null) {
            throw new MseException(MseException.Failure.UNKNOWN_INFO_HASH, "HASH('req2', SKEY) names no torrent");
        }
        skey = found.clone();
        incoming = Rc4.forMse(MseHashes.keyA(secret, skey));
        expect(Stage.HEADER, HEADER_LENGTH);
    }

    private void headerReceived(ByteBuffer header) throws MseException {
        for (int k = 0; k < VC_LENGTH; k++) {
            if (header.get() != 0) {
                throw new MseException(MseException.Failure.BAD_VERIFICATION, "VC is not zero: keys disagree");
            }
        }
        provided = header.getInt();
        if (CryptoMethod.select(provided, allowed) == 0) {
            throw new MseException(
                    MseException.Failure.NO_COMMON_METHOD,
                    "crypto_provide 0x" + Integer.toHexString(provided) + ", allowed 0x"
                            + Integer.toHexString(allowed));
        }
        int padLength = header.getShort() & 0xffff;
        if (padLength > MAX_PAD) {
            throw new MseException(MseException.Failure.BAD_PAD_LENGTH, "len(PadC) " + padLength);
        }
        expect(Stage.PAD_C, padLength);
        if (padLength == 0) {
            expect(Stage.IA_LENGTH, 2);
        }
    }

    private void expect(Stage next, int length) {
        stage = next;
        field = new byte[length];
        fill = 0;
    }

    /** Step 4: ENCRYPT(VC, crypto_select, len(PadD) = 0), after whatever step 2 still had to send. */
    private Progress finish(byte[] pending) {
        int method = CryptoMethod.select(provided, allowed);
        Rc4 outgoing = Rc4.forMse(MseHashes.keyB(secret, skey));
        byte[] answer = ByteBuffer.allocate(HEADER_LENGTH)
                .put(new byte[VC_LENGTH])
                .putInt(method)
                .putShort((short) 0)
                .array();
        outgoing.crypt(answer, 0, answer.length);
        byte[] reply = ByteBuffer.allocate(pending.length + answer.length)
                .put(pending)
                .put(answer)
                .array();
        return new Progress(reply, new Established(method, skey.clone(), field, incoming, outgoing));
    }
}

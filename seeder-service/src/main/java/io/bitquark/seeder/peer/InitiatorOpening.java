package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.mse.CryptoMethod;
import io.bitquark.protocol.peer.mse.MseException;
import io.bitquark.protocol.peer.mse.MseInitiator;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.function.Consumer;

/**
 * The opening of a connection we make with Message Stream Encryption ({@link MseInitiator}): Ya and PadA first,
 * our BEP 3 handshake travelling in IA, then the peer's answer; what follows its PadD is its BEP 3 handshake,
 * decrypted here when RC4 was selected.
 */
final class InitiatorOpening implements Opening {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MseInitiator initiator;
    private PayloadCipher cipher;
    private String encryption = NONE;

    /**
     * @param skey the torrent's handshake info-hash
     * @param provide the {@link CryptoMethod} bits to offer
     * @param handshake our BEP 3 handshake, sent as IA
     */
    InitiatorOpening(byte[] skey, int provide, byte[] handshake) {
        this.initiator = new MseInitiator(skey, provide, handshake, RANDOM);
    }

    /** Step 1: what to send first. */
    byte[] start() {
        return initiator.start();
    }

    @Override
    public ByteBuffer feed(ByteBuffer in, Consumer<byte[]> send) throws MseException {
        MseInitiator.Progress progress = initiator.feed(in);
        if (progress.reply().length > 0) {
            send.accept(progress.reply());
        }
        MseInitiator.Established established = progress.established();
        if (established == null) {
            return null;
        }
        encryption = Opening.encryption(established.method());
        if (established.method() == CryptoMethod.RC4) {
            cipher = new PayloadCipher(established.incoming(), established.outgoing());
            cipher.decrypt(in);
        }
        return in;
    }

    @Override
    public PayloadCipher cipher() {
        return cipher;
    }

    @Override
    public String encryption() {
        return encryption;
    }
}

package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.Handshake;
import io.bitquark.protocol.peer.HandshakeException;
import io.bitquark.protocol.peer.mse.CryptoMethod;
import io.bitquark.protocol.peer.mse.MseException;
import io.bitquark.protocol.peer.mse.MseReceiver;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.function.Consumer;

/**
 * Reads what comes before a peer's BEP 3 handshake. The first 20 bytes tell the two openings apart:
 *
 * <pre>
 * &lt;19&gt;&lt;"BitTorrent protocol"&gt;...   plain: the BEP 3 handshake itself, handed on untouched
 * anything else                     Message Stream Encryption (MSE/PE): Ya, PadA, ... ({@link MseReceiver});
 *                                   we select plaintext when it is provided and allowed, else RC4; the
 *                                   decrypted initial payload IA, then the (decrypted) bytes after it, are
 *                                   the BEP 3 handshake
 * </pre>
 *
 * <p>A peer that provides no method we allow is refused. The receiver's two 768-bit modular
 * exponentiations cost about 0.3 ms per connection, measured; that runs on the event loop, as the rest of the
 * connection does. Garbage fails MSE's sync search, at the latest 628 bytes in, or times out as a handshake.
 */
final class OpeningReader implements Opening {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PREFIX_LENGTH = 1 + Handshake.PSTRLEN;

    private final TorrentDirectory directory;
    private final int allowed;
    private final byte[] prefix = new byte[PREFIX_LENGTH];
    private int fill;
    private MseReceiver encrypted;
    private boolean done;
    private PayloadCipher cipher;
    private String encryption = NONE;

    /** @param allowed the {@link CryptoMethod} bits we may select for an MSE peer */
    OpeningReader(TorrentDirectory directory, int allowed) {
        this.directory = directory;
        this.allowed = allowed;
    }

    boolean done() {
        return done;
    }

    /** Whether the opening was an MSE handshake (else a plain BEP 3 handshake), once it is over. */
    boolean encrypted() {
        return encrypted != null;
    }

    @Override
    public PayloadCipher cipher() {
        return cipher;
    }

    @Override
    public String encryption() {
        return encryption;
    }

    @Override
    public ByteBuffer feed(ByteBuffer in, Consumer<byte[]> send) throws MseException {
        if (encrypted == null) {
            while (in.hasRemaining() && fill < PREFIX_LENGTH) {
                prefix[fill++] = in.get();
                if (!plainPrefix()) {
                    encrypted = new MseReceiver(directory::findObfuscated, allowed, RANDOM);
                    return encryptedBytes(ByteBuffer.wrap(prefix, 0, fill), in, send);
                }
            }
            return fill == PREFIX_LENGTH ? finish(ByteBuffer.wrap(prefix), in) : null;
        }
        return encryptedBytes(in, ByteBuffer.allocate(0), send);
    }

    private boolean plainPrefix() {
        try {
            Handshake.checkProtocolPrefix(ByteBuffer.wrap(prefix, 0, fill));
            return true;
        } catch (HandshakeException e) {
            return false;
        }
    }

    /**
     * Feeds {@code first} (always taken whole when it is the prefix: it is shorter than Ya), then {@code rest}.
     * Whatever either leaves after IA is the payload stream.
     */
    private ByteBuffer encryptedBytes(ByteBuffer first, ByteBuffer rest, Consumer<byte[]> send) throws MseException {
        MseReceiver.Progress progress = reply(encrypted.feed(first), send);
        if (progress.established() == null && rest.hasRemaining()) {
            progress = reply(encrypted.feed(rest), send);
        }
        MseReceiver.Established established = progress.established();
        if (established == null) {
            return null;
        }
        encryption = Opening.encryption(established.method());
        if (established.method() == CryptoMethod.RC4) {
            cipher = new PayloadCipher(established.incoming(), established.outgoing());
            cipher.decrypt(first);
            cipher.decrypt(rest);
        }
        return finish(ByteBuffer.wrap(established.initialPayload()), first, rest);
    }

    private static MseReceiver.Progress reply(MseReceiver.Progress progress, Consumer<byte[]> send) {
        if (progress.reply().length > 0) {
            send.accept(progress.reply());
        }
        return progress;
    }

    private ByteBuffer finish(ByteBuffer... parts) {
        done = true;
        int length = 0;
        for (ByteBuffer part : parts) {
            length += part.remaining();
        }
        ByteBuffer stream = ByteBuffer.allocate(length);
        for (ByteBuffer part : parts) {
            stream.put(part);
        }
        return stream.flip();
    }
}

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
 *                                   we select plaintext, and the decrypted initial payload IA, then the
 *                                   bytes after it, are the BEP 3 handshake
 * </pre>
 *
 * <p>Only plaintext is selected: a peer that provides only RC4 is refused. The receiver's two 768-bit modular
 * exponentiations cost about 0.3 ms per connection, measured; that runs on the event loop, as the rest of the
 * connection does. Garbage fails MSE's sync search, at the latest 628 bytes in, or times out as a handshake.
 */
final class OpeningReader {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PREFIX_LENGTH = 1 + Handshake.PSTRLEN;

    private final TorrentDirectory directory;
    private final byte[] prefix = new byte[PREFIX_LENGTH];
    private int fill;
    private MseReceiver encrypted;
    private boolean done;

    OpeningReader(TorrentDirectory directory) {
        this.directory = directory;
    }

    boolean done() {
        return done;
    }

    /**
     * Takes the opening bytes of {@code in}, sending MSE replies through {@code send}.
     *
     * @return once the opening is over, the stream from the BEP 3 handshake on (the bytes of {@code in} not yet
     *     read included); null while more bytes are needed
     */
    ByteBuffer feed(ByteBuffer in, Consumer<byte[]> send) throws MseException {
        if (encrypted == null) {
            while (in.hasRemaining() && fill < PREFIX_LENGTH) {
                prefix[fill++] = in.get();
                if (!plainPrefix()) {
                    encrypted = new MseReceiver(directory::findObfuscated, CryptoMethod.PLAINTEXT, RANDOM);
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

    /** Feeds {@code first} (always taken whole: it is shorter than Ya), then {@code rest}. */
    private ByteBuffer encryptedBytes(ByteBuffer first, ByteBuffer rest, Consumer<byte[]> send) throws MseException {
        MseReceiver.Progress progress = reply(encrypted.feed(first), send);
        if (progress.established() == null && rest.hasRemaining()) {
            progress = reply(encrypted.feed(rest), send);
        }
        MseReceiver.Established established = progress.established();
        return established == null ? null : finish(ByteBuffer.wrap(established.initialPayload()), rest);
    }

    private static MseReceiver.Progress reply(MseReceiver.Progress progress, Consumer<byte[]> send) {
        if (progress.reply().length > 0) {
            send.accept(progress.reply());
        }
        return progress;
    }

    private ByteBuffer finish(ByteBuffer head, ByteBuffer rest) {
        done = true;
        return ByteBuffer.allocate(head.remaining() + rest.remaining())
                .put(head)
                .put(rest)
                .flip();
    }
}

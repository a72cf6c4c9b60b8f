package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.mse.MseException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** What comes before the BEP 3 handshake of a connection: nothing, or an MSE/PE handshake, either side of it. */
interface Opening {

    /**
     * Takes the opening bytes of {@code in}, sending what the opening answers through {@code send}.
     *
     * @return once the opening is over, the decrypted stream from the BEP 3 handshake on (the bytes of
     *     {@code in} not yet read included); null while more bytes are needed
     */
    ByteBuffer feed(ByteBuffer in, Consumer<byte[]> send) throws MseException;

    /** Once the opening is over, the RC4 of the rest of the connection, or null when it goes on in plaintext. */
    PayloadCipher cipher();

    /** Once the opening is over, how the connection is encrypted ({@link PeerSnapshot#encryption}). */
    String encryption();

    /** {@link PeerSnapshot#encryption} of a connection without MSE. */
    String NONE = "none";
    /** {@link PeerSnapshot#encryption} of an MSE handshake whose payload goes on in plaintext. */
    String MSE_PLAINTEXT = "mse-plaintext";
    /** {@link PeerSnapshot#encryption} of an RC4-encrypted connection. */
    String RC4 = "rc4";

    static String encryption(int method) {
        return method == io.bitquark.protocol.peer.mse.CryptoMethod.RC4 ? RC4 : MSE_PLAINTEXT;
    }
}

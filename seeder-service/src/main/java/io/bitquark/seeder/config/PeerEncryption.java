package io.bitquark.seeder.config;

import io.bitquark.protocol.peer.mse.CryptoMethod;

/**
 * Which peer connections use Message Stream Encryption (MSE/PE) and RC4 ({@code bitquark.seeder.peer.encryption}).
 * An MSE handshake whose payload continues in plaintext hides only the handshake; RC4 covers every byte after it.
 */
public enum PeerEncryption {
    /**
     * Plain BEP 3 handshakes and MSE are both accepted; an MSE peer gets plaintext when it provides it, RC4
     * otherwise. Outbound connections open in plain text; a peer that closes the connection on our plain
     * handshake before answering (a client set to require encryption) is dialled once more with MSE, providing
     * plaintext and RC4.
     */
    ENABLED(CryptoMethod.PLAINTEXT | CryptoMethod.RC4),
    /** RC4 only, both ways: plain handshakes and MSE peers that provide only plaintext are refused. */
    REQUIRED(CryptoMethod.RC4),
    /**
     * No RC4: plain BEP 3 handshakes, and MSE handshakes that provide plaintext (selected); outbound in plain text
     * only.
     */
    DISABLED(CryptoMethod.PLAINTEXT);

    private final int methods;

    PeerEncryption(int methods) {
        this.methods = methods;
    }

    /** The {@link CryptoMethod} bits we provide (initiating) or may select (receiving). */
    public int methods() {
        return methods;
    }

    /** Whether a plain BEP 3 handshake is accepted, and outbound connections may open in plain text. */
    public boolean allowsPlainHandshake() {
        return this != REQUIRED;
    }
}

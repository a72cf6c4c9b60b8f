package io.bitquark.protocol.peer.mse;

/**
 * The bits of MSE's 32-bit {@code crypto_provide} and {@code crypto_select} fields. The initiator provides one
 * or both; the receiver selects exactly one.
 */
public final class CryptoMethod {

    /** After the MSE handshake the peer wire continues unencrypted. */
    public static final int PLAINTEXT = 0x01;
    /** After the MSE handshake both streams stay RC4-encrypted with keyA / keyB. */
    public static final int RC4 = 0x02;

    private CryptoMethod() {}

    /** The method a receiver that allows {@code allowed} picks from {@code provided}: plaintext first, or 0. */
    public static int select(int provided, int allowed) {
        int common = provided & allowed;
        if ((common & PLAINTEXT) != 0) {
            return PLAINTEXT;
        }
        return (common & RC4) != 0 ? RC4 : 0;
    }
}

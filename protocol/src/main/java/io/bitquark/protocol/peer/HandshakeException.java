package io.bitquark.protocol.peer;

/**
 * A handshake that is not a BitTorrent handshake: wrong {@code pstrlen}, wrong protocol string, or too
 * few bytes. A wrong first byte usually means the peer speaks an encrypted (MSE) stream instead.
 */
public final class HandshakeException extends PeerWireException {

    public HandshakeException(String message) {
        super(message);
    }
}

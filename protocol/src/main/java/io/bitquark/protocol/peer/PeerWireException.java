package io.bitquark.protocol.peer;

/**
 * Bytes from a peer that break the peer wire protocol (BEP 3, 6, 9, 10): a bad handshake, a length prefix
 * above the configured limit, a message of the wrong size, a malformed extension payload. The connection
 * that produced it should be closed.
 */
public class PeerWireException extends Exception {

    public PeerWireException(String message) {
        super(message);
    }

    public PeerWireException(String message, Throwable cause) {
        super(message, cause);
    }
}

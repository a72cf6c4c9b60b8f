package io.bitquark.seeder.peer;

import java.util.Optional;

/**
 * A connection we opened did not become a peer: the TCP connect failed, or the connection ended before the
 * handshake was done both ways, for {@link #reason()}.
 */
public final class PeerConnectException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient DisconnectReason reason;

    /** The connection ended during the handshake. */
    public PeerConnectException(DisconnectReason reason) {
        super("the connection ended before the handshake: " + reason.tag(), null, false, false);
        this.reason = reason;
    }

    /** The TCP connect itself failed (refused, unreachable, timed out). */
    PeerConnectException(String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = null;
    }

    /** Why the connection ended during the handshake; empty when the TCP connect failed. */
    public Optional<DisconnectReason> reason() {
        return Optional.ofNullable(reason);
    }
}

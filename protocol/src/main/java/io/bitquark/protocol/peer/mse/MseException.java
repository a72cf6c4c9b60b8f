package io.bitquark.protocol.peer.mse;

import io.bitquark.protocol.peer.PeerWireException;

/** A Message Stream Encryption handshake that cannot go on; the connection should be closed. */
public final class MseException extends PeerWireException {

    /** What went wrong. */
    public enum Failure {
        /** Ya was 0, 1, P-1 or above. */
        BAD_PUBLIC_KEY,
        /**
         * HASH('req1', S) did not appear within PadA's 512-byte bound (receiver), or ENCRYPT(VC) within PadB's
         * (initiator): not an MSE handshake (often garbage).
         */
        NO_SYNC,
        /** HASH('req2', SKEY) named no torrent the receiver serves. */
        UNKNOWN_INFO_HASH,
        /** The decrypted verification constant VC was not eight zero bytes: the keys do not agree. */
        BAD_VERIFICATION,
        /** len(PadC) or len(PadD) above 512. */
        BAD_PAD_LENGTH,
        /** crypto_provide holds no method the receiver allows. */
        NO_COMMON_METHOD,
        /** The receiver's crypto_select is not exactly one of the methods the initiator provided. */
        BAD_SELECT
    }

    private final Failure failure;

    public MseException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}

package io.bitquark.seeder.peer;

/** A block was requested from a piece this seed does not have, or no longer has because its data changed. */
public class PieceUnavailableException extends RuntimeException {

    public PieceUnavailableException(String message) {
        super(message, null, false, false);
    }
}

package io.bitquark.seeder.storage;

import java.io.IOException;

/**
 * A read of a piece this seed may not serve: it never verified, or it was withdrawn because its data changed
 * on disk and no longer matches its hash. Nothing was read into the buffer.
 */
public final class UnverifiedPieceException extends IOException {

    private final int piece;
    private final boolean withdrawn;

    UnverifiedPieceException(int piece, boolean withdrawn, String message) {
        super(message);
        this.piece = piece;
        this.withdrawn = withdrawn;
    }

    public int piece() {
        return piece;
    }

    /** True when the piece had verified and was withdrawn by this read's re-verification. */
    public boolean withdrawn() {
        return withdrawn;
    }
}

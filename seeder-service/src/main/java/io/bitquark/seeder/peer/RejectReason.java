package io.bitquark.seeder.peer;

import java.util.Locale;

/** Why a request was refused with a BEP 6 {@code reject request} (fast peers) or dropped (other peers). */
public enum RejectReason {
    /** The piece index is beyond the torrent, or the block lies outside its piece. */
    OUTSIDE_PIECE,
    /** The block is longer than the maximum block length. */
    OVERSIZED_BLOCK,
    /** The peer is choked and the piece is not in its allowed-fast set. */
    CHOKED,
    /** This seed does not have the piece (never verified, or withdrawn after its data changed). */
    PIECE_MISSING,
    /** Reading the block failed, or the piece was withdrawn while it was read. */
    READ_FAILED,
    /** The peer cancelled the request before it was served (not an offence). */
    CANCELLED,
    /** The peer was choked while the request waited (not an offence). */
    CHOKED_WHILE_QUEUED;

    /** The reason as a metric tag: lower case with hyphens, e.g. {@code piece-missing}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

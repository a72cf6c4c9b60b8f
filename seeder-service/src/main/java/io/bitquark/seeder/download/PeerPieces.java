package io.bitquark.seeder.download;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireException;
import java.util.BitSet;

/**
 * Which pieces one peer has, as it told us: its {@code bitfield} (BEP 3) or {@code have all} / {@code have none}
 * (BEP 6), then a {@code have} for each piece it completes. A peer starts with none. Used on the connection's
 * event loop only.
 *
 * <p>What the peer says is checked against the torrent: a bitfield must be exactly {@code ceil(pieces / 8)}
 * bytes with its spare bits clear (BEP 3), and a {@code have} must name a piece of the torrent. A later bitfield
 * replaces what was known, as libtorrent takes one.
 */
public final class PeerPieces {

    private final int pieceCount;
    private final BitSet pieces;
    private int count;

    /** A peer of a torrent of {@code pieceCount} pieces, having none yet. */
    public PeerPieces(int pieceCount) {
        if (pieceCount < 0) {
            throw new IllegalArgumentException("piece count must not be negative, got " + pieceCount);
        }
        this.pieceCount = pieceCount;
        this.pieces = new BitSet(pieceCount);
    }

    /** The peer's bitfield: the pieces it has. Refused, and nothing changed, when it does not fit the torrent. */
    public void bitfield(PeerMessage.Bitfield bitfield) throws PeerWireException {
        bitfield.validateFor(pieceCount);
        pieces.clear();
        pieces.or(bitfield.toBitSet());
        count = pieces.cardinality();
    }

    /**
     * The peer completed piece {@code index}.
     *
     * @return false, and nothing changed, when the torrent has no such piece
     */
    public boolean have(int index) {
        if (index >= pieceCount) {
            return false;
        }
        if (!pieces.get(index)) {
            pieces.set(index);
            count++;
        }
        return true;
    }

    /** The peer has every piece (BEP 6 {@code have all}). */
    public void haveAll() {
        pieces.set(0, pieceCount);
        count = pieceCount;
    }

    /** The peer has no piece (BEP 6 {@code have none}). */
    public void haveNone() {
        pieces.clear();
        count = 0;
    }

    public boolean has(int index) {
        return index < pieceCount && pieces.get(index);
    }

    /** How many pieces the peer has. */
    public int count() {
        return count;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** Whether the peer has every piece: a seed. */
    public boolean complete() {
        return count == pieceCount;
    }

    /** A copy of the pieces the peer has. */
    public BitSet snapshot() {
        return (BitSet) pieces.clone();
    }
}

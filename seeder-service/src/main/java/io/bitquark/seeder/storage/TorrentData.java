package io.bitquark.seeder.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * What the peer wire's roles need of one torrent's bytes on disk, like libtorrent's disk interface or anacrolix's
 * {@code PieceImpl}: read verified pieces, write received ones, and mark a piece verified once its bytes are on disk
 * and matched its hash. Every method that touches a file blocks: call it on a worker thread, never on an event loop.
 *
 * <p>Offsets are in the torrent's piece space: piece {@code p} starts at {@code p * piece length}; BEP 47 pad bytes
 * take space there but are zeros that never reach a file.
 */
public interface TorrentData {

    int pieceCount();

    /** The length of piece {@code piece}: the piece length, or less for the last piece. */
    long pieceLength(int piece);

    /** Whether the piece is verified: advertised, served and trusted by fast resume. */
    boolean hasPiece(int piece);

    /** A snapshot of the verified pieces. */
    BitSet verifiedPieces();

    /**
     * Fills the remaining bytes of {@code dst} with verified piece {@code piece} from byte {@code begin}.
     *
     * @throws UnverifiedPieceException when the piece is not verified
     */
    void read(int piece, int begin, ByteBuffer dst) throws IOException;

    /**
     * Writes the remaining bytes of {@code src} as piece {@code piece} from byte {@code begin}, making the files and
     * directories that do not exist yet (sparse: nothing is written where no byte arrived). Pad bytes are skipped.
     * The piece does not become verified by this.
     *
     * @throws IOException when a file cannot be made or written (a full disk among them), or leads out of the
     *                     content path
     */
    void write(int piece, int begin, ByteBuffer src) throws IOException;

    /**
     * Lays the files out before a download: the empty ones are made (they hold no piece, so no write makes them),
     * with their directories, as a downloader leaves them on disk. With {@code preallocate}, every other file
     * shorter than its length is extended to it with zeros written out (bytes already there are kept), so that
     * the space is taken at once and a full disk shows before any piece is fetched.
     *
     * @throws IOException when a file cannot be made or extended (a full disk among them)
     */
    void allocate(boolean preallocate) throws IOException;

    /** Marks a piece whose bytes were {@link #write written} and matched its hash as verified. */
    void markVerified(int piece);
}

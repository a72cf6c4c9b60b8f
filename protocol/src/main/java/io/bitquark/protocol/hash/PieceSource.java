package io.bitquark.protocol.hash;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the bytes of a torrent's pieces are read from: its piece space, the files in order with BEP 47 pad
 * files as zeros, as one run of bytes from offset 0.
 *
 * <pre>
 * piece space  = file a | pad | file b | ...        pieces cut from it at multiples of the piece length
 * </pre>
 *
 * <p>A verification run calls one source from several hashing threads at once, so it must be safe for that.
 */
@FunctionalInterface
public interface PieceSource {

    /**
     * Fills the remaining bytes of {@code dst} with the piece space from byte {@code offset}.
     *
     * @throws IOException when those bytes cannot be read (a missing or short file, a read failure)
     */
    void read(long offset, ByteBuffer dst) throws IOException;
}

package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.download.TorrentDownload;
import io.bitquark.seeder.metadata.MetadataSearch;
import io.bitquark.seeder.rate.TorrentRateLimits;
import io.netty.buffer.ByteBuf;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the peer wire needs of one torrent this process seeds. The torrent package's {@code ManagedTorrent}
 * implements it; the peer wire never touches files or metainfo itself.
 */
public interface ServedTorrent {

    /** The 20-byte hash peers put in their handshake for this torrent: the v1 info-hash, or the truncated v2 one. */
    byte[] handshakeHash();

    /**
     * The truncated v2 info-hash, when the torrent has one: a handshake naming it makes a v2 connection, the only kind
     * BEP 52 hash messages are exchanged on. This default, for a v1-only torrent, has none.
     */
    default byte[] v2HandshakeHash() {
        return null;
    }

    /** The hex form of the torrent's id (v1 hash, or full v2 hash for v2-only torrents), for logs and metrics. */
    String id();

    int pieceCount();

    /** The length of piece {@code index} in bytes (the last piece may be shorter). */
    long pieceLength(int index);

    /** Whether the piece is verified and may be advertised and served. */
    boolean hasPiece(int index);

    /** Whether every piece is verified: the torrent is a seed. */
    default boolean complete() {
        return pieces().cardinality() == pieceCount();
    }

    /** A snapshot of the verified pieces, for the bitfield. */
    BitSet pieces();

    /** The bencoded info dictionary, served under BEP 9 ({@code ut_metadata}). */
    byte[] infoBytes();

    /** Whether the torrent takes peers now (false while paused, checking or removed). */
    boolean accepting();

    /**
     * Reads {@code length} bytes of piece {@code index} from {@code begin}, on a worker thread, never on the
     * event loop. Fails with {@link PieceUnavailableException} when the piece is missing or was withdrawn
     * because its data changed on disk.
     *
     * <p>The range always lies inside the piece. It may cover several adjacent requested blocks of the piece, up
     * to 128 KiB ({@code BlockUploader.MAX_READ_LENGTH}): the peer wire reads them together and slices the
     * buffer. The buffer and its reference are the peer wire's once the stage completes: it is written to the
     * socket as it is (an off-heap buffer is sent without a copy) and released once written or dropped, so a
     * pooled buffer goes back to its pool.
     */
    CompletionStage<ByteBuf> readBlock(int index, int begin, int length);

    /**
     * The answer to a BEP 52 hash request from the torrent's piece layers, on a worker thread: the base hashes and
     * their uncle hashes, or empty when the request is to be rejected (no piece layer for the root, or outside the
     * rules of {@link io.bitquark.protocol.hash.PieceLayerTree}). This default, for a torrent without piece layers,
     * rejects every request.
     */
    default CompletionStage<Optional<byte[]>> hashes(PeerMessage.HashRequest request) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /**
     * The torrent's own upload and download limits, shared by its connections. This default, for a torrent
     * without limits of its own, never limits.
     */
    default TorrentRateLimits rateLimits() {
        return TorrentRateLimits.unlimited();
    }

    /**
     * The search for the torrent's metadata, while it is known only by a magnet link; null once it has its
     * metainfo. A connection for a search gets a {@link io.bitquark.seeder.metadata.MetadataRole} only.
     */
    default MetadataSearch metadataSearch() {
        return null;
    }

    /** The torrent's download while it downloads (or has), null for a seed that never downloads. */
    default TorrentDownload download() {
        return null;
    }

    /** Counts {@code bytes} of piece data sent to a peer. */
    void uploaded(long bytes);
}

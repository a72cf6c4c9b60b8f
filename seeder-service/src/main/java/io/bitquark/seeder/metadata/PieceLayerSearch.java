package io.bitquark.seeder.metadata;

import io.bitquark.protocol.hash.PieceLayerTree;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.TorrentFile;
import io.bitquark.protocol.peer.PeerMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The piece layers of a v2-only torrent whose info dictionary came from a magnet link (BEP 9 carries the info
 * dictionary only; the {@code piece layers} are outside it), fetched from its peers with BEP 52 hash requests:
 *
 * <pre>
 * us                                                             peer (on a v2 connection)
 * hash request &lt;pieces root&gt;&lt;base = piece layer&gt;&lt;index&gt;&lt;512&gt;&lt;proof up to the root&gt;  ------&gt;
 *                                               &lt;------  hashes: the 512 piece hashes, then the uncle hashes
 *                                               &lt;------  or hash reject: asked of another peer
 * </pre>
 *
 * <p>Each file larger than one piece needs its layer; smaller files need none (their pieces root is the hash of their
 * only piece). The layer is asked for in the ranges of {@link PieceLayerTree#pieceLayerRanges}, each range of one
 * peer at a time and at most {@link #PER_PEER} ranges of a peer at once. An answer is used only once its hashes prove
 * up to the file's pieces root, from the info dictionary the info-hash already verified; a peer whose answer does not
 * is dropped ({@code bad-metadata}), and its ranges go to the others. A peer that rejects a range, or has not answered
 * for {@link #ANSWER_TIMEOUT_NANOS}, is not blamed: the range goes to another peer, and the same peer is asked again
 * only after {@link #REASK_AFTER_NANOS} (it may have the layer by then: a peer that is itself still fetching it, or
 * was too busy to answer), so a search with a single peer never stalls on one reject.
 *
 * <p>Not thread-safe: its {@link MetadataSearch} calls it under its own lock.
 */
final class PieceLayerSearch {

    /** A peer hash requests are sent to: a {@link MetadataRole}. */
    interface LayerSource {
        /** Whether the connection is a v2 one, the only kind hash requests are made on. */
        boolean v2();

        /** Sends the request to the peer. */
        void requestHashes(PeerMessage.HashRequest request);
    }

    /** Hash requests outstanding with one peer (libtorrent keeps two). */
    static final int PER_PEER = 2;
    /** How long a peer may leave a hash request unanswered before it is asked of another. */
    static final long ANSWER_TIMEOUT_NANOS = 30_000_000_000L;
    /** How long a peer that rejected a range, or let it time out, waits before it is asked for it again. */
    static final long REASK_AFTER_NANOS = 15_000_000_000L;

    /** One range of one file's piece layer. */
    private static final class Range {
        final PeerMessage.HashRequest request;
        final long fileLength;
        /** When each peer that refused the range (or let it time out) did. */
        final Map<LayerSource, Long> refusedAt = new HashMap<>();

        LayerSource askedOf;
        long askedAt;
        byte[] hashes;

        Range(PeerMessage.HashRequest request, long fileLength) {
            this.request = request;
            this.fileLength = fileLength;
        }
    }

    /** Pieces root to how many pieces its file has, in file order. */
    private final Map<ByteBuffer, Integer> pieceCounts = new LinkedHashMap<>();

    private final List<Range> ranges = new ArrayList<>();
    private int missing;

    /** The search for the piece layers {@code metainfo} lacks; see {@link #needed}. */
    PieceLayerSearch(Metainfo metainfo) {
        int pieceLength = (int) metainfo.pieceLength();
        for (TorrentFile file : metainfo.files()) {
            byte[] root = file.piecesRoot();
            if (root == null
                    || file.length() <= pieceLength
                    || metainfo.pieceLayer(root).isPresent()) {
                continue;
            }
            if (pieceCounts.putIfAbsent(ByteBuffer.wrap(root), (int) ((file.length() + pieceLength - 1) / pieceLength))
                    != null) {
                continue; // two files of the same content share one layer
            }
            for (PieceLayerTree.Range r : PieceLayerTree.pieceLayerRanges(file.length(), pieceLength)) {
                ranges.add(new Range(
                        new PeerMessage.HashRequest(root, r.baseLayer(), r.index(), r.length(), r.proofLayers()),
                        file.length()));
            }
        }
        missing = ranges.size();
    }

    /**
     * Whether the piece layers of {@code metainfo} must be fetched before its pieces can be checked: a v2-only torrent
     * (a hybrid one checks its pieces with SHA-1) without the layer of a file larger than one piece.
     */
    static boolean needed(Metainfo metainfo) {
        return metainfo.pieces().isEmpty() && !metainfo.hasAllPieceLayers();
    }

    boolean complete() {
        return missing == 0;
    }

    /** Each fetched layer, by pieces root; once {@link #complete}. */
    Map<ByteBuffer, byte[]> layers() {
        Map<ByteBuffer, byte[]> layers = new LinkedHashMap<>();
        pieceCounts.forEach((root, pieces) -> layers.put(root, new byte[pieces * 32]));
        for (Range r : ranges) {
            byte[] layer = layers.get(ByteBuffer.wrap(r.request.piecesRoot()));
            int from = r.request.index() * 32;
            System.arraycopy(r.hashes, 0, layer, from, Math.min(r.hashes.length, layer.length - from));
        }
        return layers;
    }

    /** Asks each peer (on a v2 connection) for ranges nobody is asked for, up to {@link #PER_PEER} each. */
    void ask(Collection<? extends LayerSource> peers, long now) {
        for (LayerSource peer : peers) {
            if (!peer.v2()) {
                continue;
            }
            int asked = (int) ranges.stream().filter(r -> r.askedOf == peer).count();
            for (Range r : ranges) {
                if (asked >= PER_PEER) {
                    break;
                }
                Long refused = r.refusedAt.get(peer);
                if (r.hashes == null && r.askedOf == null && (refused == null || now - refused >= REASK_AFTER_NANOS)) {
                    r.askedOf = peer;
                    r.askedAt = now;
                    asked++;
                    peer.requestHashes(r.request);
                }
            }
        }
    }

    /**
     * {@code peer}'s hashes: kept when they answer what it was asked and prove up to the pieces root.
     *
     * @return why the peer is to be dropped, or empty
     */
    Optional<String> hashes(LayerSource peer, PeerMessage.Hashes answer) {
        Range range = askedOf(peer, answer.request());
        if (range == null) {
            return Optional.empty(); // not asked of it (any more): ignored
        }
        PeerMessage.HashRequest q = range.request;
        Optional<byte[]> proven = PieceLayerTree.verify(
                q.piecesRoot(),
                range.fileLength,
                q.baseLayer(),
                q.index(),
                q.length(),
                q.proofLayers(),
                answer.hashes());
        if (proven.isEmpty()) {
            left(peer);
            return Optional.of("its hashes from piece " + q.index() + " do not prove up to the pieces root");
        }
        range.askedOf = null;
        range.hashes = proven.get();
        missing--;
        return Optional.empty();
    }

    /** {@code peer} rejected a request at {@code now}: another peer is asked, and this one again later. */
    void rejected(LayerSource peer, PeerMessage.HashRequest request, long now) {
        Range range = askedOf(peer, request);
        if (range != null) {
            range.askedOf = null;
            range.refusedAt.put(peer, now);
        }
    }

    /** {@code peer} left, or is dropped: what it was asked goes to the others. */
    void left(LayerSource peer) {
        for (Range r : ranges) {
            if (r.askedOf == peer) {
                r.askedOf = null;
            }
            r.refusedAt.remove(peer);
        }
    }

    /** Ranges a peer has not answered for too long are asked of another. */
    void tick(long now) {
        for (Range r : ranges) {
            if (r.askedOf != null && now - r.askedAt > ANSWER_TIMEOUT_NANOS) {
                r.refusedAt.put(r.askedOf, now);
                r.askedOf = null;
            }
        }
    }

    private Range askedOf(LayerSource peer, PeerMessage.HashRequest request) {
        for (Range r : ranges) {
            if (r.askedOf == peer && r.request.equals(request)) {
                return r;
            }
        }
        return null;
    }
}

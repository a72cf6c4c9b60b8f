package io.bitquark.seeder.torrent;

import io.bitquark.protocol.hash.PieceLayerTree;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.peer.PeerMessage;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answers to BEP 52 hash requests for one torrent, from the verified piece layers of its metainfo: the merkle
 * tree above each file's piece layer ({@link PieceLayerTree}) is built on the first request for that file and kept.
 * A request for a root without a piece layer (a v1 torrent, a file of one piece or less, an unknown root) has no
 * answer. Building a tree hashes its layer once: call it on a worker, never on an event loop. Thread-safe.
 */
public final class PieceLayerTrees {

    private final Metainfo metainfo;
    private final Map<ByteBuffer, PieceLayerTree> trees = new ConcurrentHashMap<>();

    public PieceLayerTrees(Metainfo metainfo) {
        this.metainfo = metainfo;
    }

    /** The base hashes and uncle hashes {@code request} asks for, or empty when it is to be rejected. */
    public Optional<byte[]> answer(PeerMessage.HashRequest request) {
        return tree(request.piecesRoot())
                .flatMap(tree ->
                        tree.answer(request.baseLayer(), request.index(), request.length(), request.proofLayers()));
    }

    private Optional<PieceLayerTree> tree(byte[] piecesRoot) {
        ByteBuffer key = ByteBuffer.wrap(piecesRoot);
        PieceLayerTree built = trees.get(key);
        if (built != null) {
            return Optional.of(built);
        }
        return metainfo.pieceLayer(piecesRoot)
                .map(layer -> trees.computeIfAbsent(key, k -> PieceLayerTree.of(layer, (int) metainfo.pieceLength())));
    }
}

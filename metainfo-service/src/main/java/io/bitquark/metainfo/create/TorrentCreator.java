package io.bitquark.metainfo.create;

import io.bitquark.protocol.hash.HybridHashes;
import io.bitquark.protocol.hash.PieceHashing;
import io.bitquark.protocol.hash.Segment;
import io.bitquark.protocol.hash.V2FileHashes;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.protocol.metainfo.MetainfoException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * btmakemetafile as a library: hashes scanned content (v1 pieces, v2 merkle trees, or both in one read for
 * hybrids) with the given {@link PieceHashing} and builds a canonical torrent. The caller runs it on a worker
 * thread, which waits while the hashing threads work; progress (reported from the hashing threads) and
 * cancellation go through the given callbacks.
 */
public final class TorrentCreator {

    private final PieceHashing hashing;

    public TorrentCreator(PieceHashing hashing) {
        this.hashing = hashing;
    }

    public Metainfo create(ScannedContent content, NewTorrent request, LongConsumer progress, BooleanSupplier cancelled)
            throws IOException, MetainfoException {
        PieceHashing hasher = hashing.onProgress(progress).cancelWhen(cancelled);
        List<Segment.FileSegment> segments = new ArrayList<>(content.files().size());
        for (ContentFile f : content.files()) {
            segments.add(Segment.file(f.location(), f.length()));
        }
        MetainfoBuilder builder;
        switch (request.version()) {
            case V2: {
                builder = MetainfoBuilder.v2(request.name(), request.pieceLength());
                addV2Files(builder, content, hasher.hashV2(segments, request.pieceLength()));
                break;
            }
            case HYBRID: {
                builder = MetainfoBuilder.hybrid(request.name(), request.pieceLength());
                HybridHashes hashes = hasher.hashHybrid(segments, request.pieceLength());
                addV2Files(builder, content, hashes.files());
                builder.pieces(hashes.v1Pieces());
                break;
            }
            default:
                return createV1(content, request, hasher.hashV1(segments, request.pieceLength()));
        }
        return describe(builder, request);
    }

    /** A v1 torrent of content whose pieces were hashed elsewhere (while it was uploaded). */
    public Metainfo createV1(ScannedContent content, NewTorrent request, byte[] pieces) throws MetainfoException {
        MetainfoBuilder builder = MetainfoBuilder.v1(request.name(), request.pieceLength());
        if (content.singleFile()) {
            builder.singleFile(content.files().get(0).length());
        } else {
            for (ContentFile f : content.files()) {
                builder.addFile(f.path(), f.length());
            }
        }
        return describe(builder.pieces(pieces), request);
    }

    private static Metainfo describe(MetainfoBuilder builder, NewTorrent request) throws MetainfoException {
        builder.announceTiers(request.announceTiers())
                .webSeeds(request.webSeeds())
                .httpSeeds(request.httpSeeds())
                .privateTorrent(request.privateTorrent())
                .source(request.source())
                .comment(request.comment())
                .createdBy(request.createdBy());
        if (request.creationDate() != null) {
            builder.creationDate(request.creationDate());
        }
        return builder.build();
    }

    private static void addV2Files(MetainfoBuilder builder, ScannedContent content, List<V2FileHashes> hashes) {
        for (int i = 0; i < content.files().size(); i++) {
            ContentFile f = content.files().get(i);
            V2FileHashes h = hashes.get(i);
            byte[] root = h.piecesRoot().orElse(null);
            if (content.singleFile()) {
                builder.singleFile(f.length(), Set.of(), root);
            } else {
                builder.addFile(f.path(), f.length(), Set.of(), root);
            }
            if (h.hasPieceLayer()) {
                builder.pieceLayer(root, h.pieceLayer());
            }
        }
    }
}

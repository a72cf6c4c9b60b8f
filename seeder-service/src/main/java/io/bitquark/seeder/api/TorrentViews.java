package io.bitquark.seeder.api;

import io.bitquark.protocol.magnet.MagnetLink;
import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.seeder.announce.TrackerStatus;
import io.bitquark.seeder.download.TorrentDownload;
import io.bitquark.seeder.download.WebSeedStatus;
import io.bitquark.seeder.peer.PeerSnapshot;
import io.bitquark.seeder.torrent.ManagedTorrent;
import io.bitquark.seeder.torrent.PendingMagnet;
import io.bitquark.seeder.torrent.SeederLifecycle;
import io.bitquark.seeder.torrent.TorrentState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HexFormat;
import java.util.List;

/** Turns a seeded torrent, its peers and its trackers into the JSON the API and the dashboard show. */
@ApplicationScoped
public class TorrentViews {

    private final SeederLifecycle lifecycle;

    public TorrentViews(SeederLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** The torrent as it stands: state, reason and percent are read as one {@link ManagedTorrent.Status}. */
    public TorrentView of(ManagedTorrent t) {
        ManagedTorrent.Status status = t.status();
        return view(
                t,
                status.state(),
                status.reason(),
                Math.floor(status.percent() * 10) / 10.0,
                t.piecesHave(),
                progress(t, status.state()),
                t.uploaded(),
                t.uploadRate(),
                lifecycle.peers(t),
                lifecycle.trackers(t));
    }

    /**
     * The torrent as it was added, before its check began: {@code checking} at 0%, nothing verified, sent or
     * announced. This is what {@code POST /api/torrents} answers, whatever the check has reached since.
     */
    public TorrentView asAdded(ManagedTorrent t) {
        return view(t, TorrentState.CHECKING, null, 0, 0, new Progress(0, 0, 0, null, 0), 0, 0, List.of(), List.of());
    }

    /**
     * A magnet link whose metadata is being fetched: state {@code metadata}, named by its {@code dn}, with the peers
     * it is fetching from; nothing is known of its pieces yet.
     */
    public TorrentView of(PendingMagnet pending) {
        MagnetLink magnet = pending.search().magnet();
        HexFormat hex = HexFormat.of();
        return new TorrentView(
                pending.id(),
                magnet.infoHashV1().map(hex::formatHex).orElse(null),
                magnet.infoHashV2().map(hex::formatHex).orElse(null),
                pending.name(),
                pending.dataPath(),
                TorrentState.METADATA,
                "fetching the metadata from peers (BEP 9)",
                0,
                0,
                0,
                pending.download(),
                0,
                0,
                0,
                null,
                0,
                0,
                0,
                0,
                pending.limits().uploadOr(0),
                pending.limits().downloadOr(0),
                lifecycle.peers(pending.search()),
                List.of(),
                List.of());
    }

    private record Progress(double percent, long downloaded, long rate, Long etaSeconds, long wasted) {}

    private static Progress progress(ManagedTorrent t, TorrentState state) {
        long total = t.storage().totalLength();
        long left = t.bytesLeft();
        double percent = total == 0 ? 100 : Math.floor(1000.0 * (total - left) / total) / 10.0;
        TorrentDownload d = t.download();
        if (d == null) {
            return new Progress(percent, 0, 0, null, 0);
        }
        long rate = d.downloadRate();
        Long eta = state == TorrentState.DOWNLOADING && rate > 0 ? (left + rate - 1) / rate : null;
        return new Progress(percent, d.downloaded(), rate, eta, d.wastedBytes());
    }

    private static List<WebSeedStatus> webSeeds(TorrentDownload download) {
        return download == null ? List.of() : download.webSeeds();
    }

    private static TorrentView view(
            ManagedTorrent t,
            TorrentState state,
            String reason,
            double percent,
            int piecesHave,
            Progress progress,
            long uploaded,
            long uploadRate,
            List<PeerSnapshot> peers,
            List<TrackerStatus> trackers) {
        return new TorrentView(
                t.id(),
                t.infoHashV1().map(InfoHash::hex).orElse(null),
                t.infoHashV2().map(InfoHash::hex).orElse(null),
                t.name(),
                t.record().dataPath(),
                state,
                reason,
                percent,
                piecesHave,
                t.pieceCount(),
                t.record().download(),
                progress.percent(),
                progress.downloaded(),
                progress.rate(),
                progress.etaSeconds(),
                progress.wasted(),
                t.totalSize(),
                uploaded,
                uploadRate,
                t.rateLimits().upload().rate(),
                t.rateLimits().download().rate(),
                peers,
                trackers,
                webSeeds(t.download()));
    }
}

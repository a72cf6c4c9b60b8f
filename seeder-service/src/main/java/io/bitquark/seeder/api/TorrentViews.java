package io.bitquark.seeder.api;

import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.seeder.announce.TrackerStatus;
import io.bitquark.seeder.peer.PeerSnapshot;
import io.bitquark.seeder.torrent.ManagedTorrent;
import io.bitquark.seeder.torrent.SeederLifecycle;
import io.bitquark.seeder.torrent.TorrentState;
import jakarta.enterprise.context.ApplicationScoped;
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
        return view(t, TorrentState.CHECKING, null, 0, 0, 0, 0, List.of(), List.of());
    }

    private static TorrentView view(
            ManagedTorrent t,
            TorrentState state,
            String reason,
            double percent,
            int piecesHave,
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
                t.totalSize(),
                uploaded,
                uploadRate,
                peers,
                trackers);
    }
}

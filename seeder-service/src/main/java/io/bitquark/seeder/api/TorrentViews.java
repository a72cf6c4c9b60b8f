package io.bitquark.seeder.api;

import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.seeder.announce.TrackerStatus;
import io.bitquark.seeder.peer.PeerSnapshot;
import io.bitquark.seeder.torrent.SeededTorrent;
import io.bitquark.seeder.torrent.SeederRuntime;
import io.bitquark.seeder.torrent.TorrentState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Turns a seeded torrent, its peers and its trackers into the JSON the API and the dashboard show. */
@ApplicationScoped
public class TorrentViews {

    private final SeederRuntime runtime;

    public TorrentViews(SeederRuntime runtime) {
        this.runtime = runtime;
    }

    /** The torrent as it stands: state, reason and percent are read as one {@link SeededTorrent.Status}. */
    public TorrentView of(SeededTorrent t) {
        SeededTorrent.Status status = t.status();
        return view(
                t,
                status.state(),
                status.reason(),
                Math.floor(status.percent() * 10) / 10.0,
                t.piecesHave(),
                t.uploaded(),
                t.uploadRate(),
                runtime.peers(t),
                runtime.trackers(t));
    }

    /**
     * The torrent as it was added, before its check began: {@code checking} at 0%, nothing verified, sent or
     * announced. This is what {@code POST /api/torrents} answers, whatever the check has reached since.
     */
    public TorrentView asAdded(SeededTorrent t) {
        return view(t, TorrentState.CHECKING, null, 0, 0, 0, 0, List.of(), List.of());
    }

    private static TorrentView view(
            SeededTorrent t,
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

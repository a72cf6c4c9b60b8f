package io.bitquark.seeder.api;

import io.bitquark.protocol.metainfo.InfoHash;
import io.bitquark.seeder.torrent.SeededTorrent;
import io.bitquark.seeder.torrent.SeederRuntime;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a seeded torrent, its peers and its trackers into the JSON the API and the dashboard show. */
@ApplicationScoped
public class TorrentViews {

    private final SeederRuntime runtime;

    public TorrentViews(SeederRuntime runtime) {
        this.runtime = runtime;
    }

    public TorrentView of(SeededTorrent t) {
        return new TorrentView(t.id(), t.infoHashV1().map(InfoHash::hex).orElse(null), t.infoHashV2().map(InfoHash::hex).orElse(null),
                t.name(), t.record().dataPath(), t.state(), t.reason(), Math.round(t.percent() * 10) / 10.0, t.piecesHave(),
                t.pieceCount(), t.totalSize(), t.uploaded(), t.uploadRate(), runtime.peers(t), runtime.trackers(t));
    }
}

package io.bitquark.seeder.torrent;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.seeder.metadata.MetadataSearch;
import io.bitquark.seeder.rate.TorrentRateLimits;
import io.bitquark.seeder.storage.StorageResources;
import io.bitquark.seeder.storage.TorrentStorage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A lifecycle for {@link TorrentSession} specifications: it creates real torrents over real storage under
 * {@code dataRoot}, and records, in order, the calls that session rules are about; it checks, serves and dials
 * nothing.
 */
final class RecordingLifecycle implements TorrentSession.TorrentLifecycle {

    final List<String> events = new ArrayList<>();
    private final Path dataRoot;
    private final StorageResources resources;

    RecordingLifecycle(Path dataRoot, StorageResources resources) {
        this.dataRoot = dataRoot;
        this.resources = resources;
    }

    @Override
    public ManagedTorrent create(Metainfo metainfo, byte[] torrent, Path dataPath, TorrentRecord record) {
        try {
            TorrentStorage storage = TorrentStorage.open(metainfo, dataRoot, dataPath, resources);
            return new ManagedTorrent(
                    metainfo, torrent, dataPath, record, storage, Runnable::run, TorrentRateLimits.unlimited());
        } catch (MetainfoException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start(ManagedTorrent torrent) {
        events.add("start");
    }

    @Override
    public void peersOnceDownloading(ManagedTorrent torrent, List<InetSocketAddress> peers) {
        events.add("peers " + peers);
    }

    @Override
    public void startSearch(MetadataSearch search, List<InetSocketAddress> peers) {
        events.add("search " + peers);
    }

    @Override
    public List<InetSocketAddress> stopSearch(MetadataSearch search) {
        events.add("search stopped");
        return List.of();
    }

    @Override
    public void stop(ManagedTorrent torrent) {}

    @Override
    public void stopAll(List<ManagedTorrent> torrents) {}

    @Override
    public void limitsChanged(ManagedTorrent torrent) {}

    @Override
    public void forget(ManagedTorrent torrent) {}

    @Override
    public int peerPort() {
        return 0;
    }
}

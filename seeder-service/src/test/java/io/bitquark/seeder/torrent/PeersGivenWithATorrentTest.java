package io.bitquark.seeder.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoException;
import io.bitquark.seeder.metadata.MetadataSearch;
import io.bitquark.seeder.rate.TorrentRateLimits;
import io.bitquark.seeder.storage.BlockBuffers;
import io.bitquark.seeder.storage.ChangeDetection;
import io.bitquark.seeder.storage.FileHandles;
import io.bitquark.seeder.storage.StorageResources;
import io.bitquark.seeder.storage.TestTorrents;
import io.bitquark.seeder.storage.TorrentStorage;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers that come with a torrent (a magnet link's {@code x.pe}, the peers of the metadata search that found it)
 * reach the lifecycle before the torrent's check starts. A check that finds nothing on disk ends at once; peers
 * handed over after it would never be dialled, and the download would wait for a tracker that may not exist.
 */
class PeersGivenWithATorrentTest {

    @TempDir
    Path root;

    private final StorageResources resources =
            new StorageResources(new FileHandles(4), new BlockBuffers(TestTorrents.KIB16, 2), ChangeDetection.off());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void close() {
        resources.close();
    }

    @Test
    void thePeersAreHandedOverBeforeTheCheckStarts() throws Exception {
        byte[] bytes = Files.readAllBytes(TestTorrents.webtorrentFixtures().resolve("alice.torrent"));
        TorrentSession session = new TorrentSession(
                new DataPaths(root.resolve("data")),
                new TorrentStateStore(root.resolve("state")),
                new Recording(),
                Runnable::run);
        InetSocketAddress peer = InetSocketAddress.createUnresolved("192.0.2.7", 6881);

        session.add(bytes, null, true, TorrentLimits.DEFAULTS, List.of(peer));

        assertThat(events).containsExactly("peers [192.0.2.7/<unresolved>:6881]", "start");
    }

    @Test
    void aTorrentAddedWithoutPeersOnlyStarts() throws Exception {
        byte[] bytes = Files.readAllBytes(TestTorrents.webtorrentFixtures().resolve("alice.torrent"));
        TorrentSession session = new TorrentSession(
                new DataPaths(root.resolve("data")),
                new TorrentStateStore(root.resolve("state")),
                new Recording(),
                Runnable::run);

        session.add(bytes, null, true, TorrentLimits.DEFAULTS);

        assertThat(events).containsExactly("peers []", "start");
    }

    /** Records the order of the calls that matter here; creates real torrents over real storage. */
    private final class Recording implements TorrentSession.TorrentLifecycle {
        @Override
        public ManagedTorrent create(Metainfo metainfo, byte[] torrent, Path dataPath, TorrentRecord record) {
            try {
                TorrentStorage storage = TorrentStorage.open(metainfo, root.resolve("data"), dataPath, resources);
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
        public void stop(ManagedTorrent torrent) {}

        @Override
        public void stopAll(List<ManagedTorrent> torrents) {}

        @Override
        public void startSearch(MetadataSearch search, List<InetSocketAddress> peers) {}

        @Override
        public List<InetSocketAddress> stopSearch(MetadataSearch search) {
            return List.of();
        }

        @Override
        public void limitsChanged(ManagedTorrent torrent) {}

        @Override
        public void forget(ManagedTorrent torrent) {}

        @Override
        public int peerPort() {
            return 0;
        }
    }
}

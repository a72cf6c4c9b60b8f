package io.bitquark.seeder.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.seeder.storage.BlockBuffers;
import io.bitquark.seeder.storage.ChangeDetection;
import io.bitquark.seeder.storage.FileHandles;
import io.bitquark.seeder.storage.StorageResources;
import io.bitquark.seeder.storage.TestTorrents;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
    private RecordingLifecycle lifecycle;
    private TorrentSession session;

    @BeforeEach
    void session() {
        lifecycle = new RecordingLifecycle(root.resolve("data"), resources);
        session = new TorrentSession(
                new DataPaths(root.resolve("data")),
                new TorrentStateStore(root.resolve("state")),
                lifecycle,
                Runnable::run);
    }

    @AfterEach
    void close() {
        resources.close();
    }

    @Test
    void thePeersAreHandedOverBeforeTheCheckStarts() throws Exception {
        byte[] bytes = Files.readAllBytes(TestTorrents.webtorrentFixtures().resolve("alice.torrent"));
        InetSocketAddress peer = InetSocketAddress.createUnresolved("192.0.2.7", 6881);

        session.add(bytes, null, true, TorrentLimits.DEFAULTS, List.of(peer));

        assertThat(lifecycle.events).containsExactly("peers [192.0.2.7/<unresolved>:6881]", "start");
    }

    @Test
    void aTorrentAddedWithoutPeersOnlyStarts() throws Exception {
        byte[] bytes = Files.readAllBytes(TestTorrents.webtorrentFixtures().resolve("alice.torrent"));

        session.add(bytes, null, true, TorrentLimits.DEFAULTS);

        assertThat(lifecycle.events).containsExactly("peers []", "start");
    }
}

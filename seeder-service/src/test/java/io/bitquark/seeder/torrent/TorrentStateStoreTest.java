package io.bitquark.seeder.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentStateStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedTorrentsComeBackByteForByteWithTheirRecord() throws Exception {
        TorrentStateStore store = new TorrentStateStore(dir);
        byte[] torrent = "d4:infod4:name1:aee".getBytes();
        store.save("aa", torrent, new TorrentRecord("movies/a", false, false, 1700000000L));
        store.save("bb", torrent, new TorrentRecord("b", true, true, 1700000001L));

        List<TorrentStateStore.Stored> loaded = new TorrentStateStore(dir).loadAll();

        assertThat(loaded).extracting(TorrentStateStore.Stored::id).containsExactly("aa", "bb");
        assertThat(loaded.get(0).torrent()).isEqualTo(torrent);
        assertThat(loaded.get(0).record()).isEqualTo(new TorrentRecord("movies/a", false, false, 1700000000L));
        assertThat(loaded.get(1).record()).isEqualTo(new TorrentRecord("b", true, true, 1700000001L));
    }

    @Test
    void aTorrentsOwnRateLimitsAreRecordedAndAnUnsetDirectionStaysUnset() throws Exception {
        TorrentStateStore store = new TorrentStateStore(dir);
        TorrentRecord limited = new TorrentRecord("a", false, true, 1L).withLimits(new TorrentLimits(0L, 2_000_000L));
        store.save("aa", new byte[] {'d', 'e'}, limited);
        store.save("bb", new byte[] {'d', 'e'}, new TorrentRecord("b", false, true, 2L));

        List<TorrentStateStore.Stored> loaded = store.loadAll();

        assertThat(loaded.get(0).record().limits()).isEqualTo(new TorrentLimits(0L, 2_000_000L));
        assertThat(loaded.get(1).record().limits()).isEqualTo(TorrentLimits.DEFAULTS);
        assertThat(loaded.get(0).record().limits().with(new TorrentLimits(5L, null)))
                .as("a change keeps the direction it does not set")
                .isEqualTo(new TorrentLimits(5L, 2_000_000L));
    }

    @Test
    void aPauseIsRecordedAndDeleteForgetsEveryFileOfTheTorrent() throws Exception {
        TorrentStateStore store = new TorrentStateStore(dir);
        store.save("aa", new byte[] {'d', 'e'}, new TorrentRecord("a", false, false, 1L));
        Files.write(store.resumeFile("aa"), new byte[] {1});

        store.saveRecord("aa", new TorrentRecord("a", false, false, 1L).withPaused(true));
        assertThat(store.loadAll().get(0).record().paused()).isTrue();

        store.delete("aa");
        assertThat(store.loadAll()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMagnetLinkComesBackUntilItsTorrentIsSavedAndThenTheTorrentWins() throws Exception {
        TorrentStateStore store = new TorrentStateStore(dir);
        TorrentRecord record = new TorrentRecord("", false, true, 1L);
        store.saveSearch("aa", "magnet:?xt=urn:btih:aa", record);

        assertThat(store.loadSearches())
                .containsExactly(new TorrentStateStore.StoredSearch("aa", "magnet:?xt=urn:btih:aa", record));
        assertThat(store.loadAll()).isEmpty();

        store.save("aa", new byte[] {'d', 'e'}, new TorrentRecord("a", false, true, 2L)); // a crash before deleteSearch

        assertThat(store.loadSearches()).isEmpty();
        assertThat(store.loadAll()).extracting(TorrentStateStore.Stored::id).containsExactly("aa");
    }

    @Test
    void aDamagedStateFileSkipsThatTorrentOnly() throws Exception {
        TorrentStateStore store = new TorrentStateStore(dir);
        store.save("aa", new byte[] {'d', 'e'}, new TorrentRecord("a", false, false, 1L));
        store.save("bb", new byte[] {'d', 'e'}, new TorrentRecord("b", false, false, 2L));
        Files.writeString(dir.resolve("aa.state"), "garbage");

        assertThat(store.loadAll()).extracting(TorrentStateStore.Stored::id).containsExactly("bb");
    }
}

package io.bitquark.seeder.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.protocol.magnet.MagnetLink;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.bitquark.protocol.peer.mse.MseHashes;
import io.bitquark.seeder.storage.BlockBuffers;
import io.bitquark.seeder.storage.ChangeDetection;
import io.bitquark.seeder.storage.FileHandles;
import io.bitquark.seeder.storage.StorageResources;
import io.bitquark.seeder.storage.TestTorrents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A magnet link whose metadata is being fetched is found by the peers that connect to us, by the info-hash of their
 * plain handshake and by {@code HASH('req2', SKEY)} of an encrypted one (MSE), so that a peer requiring encryption can
 * give us the metadata too; once the search ends, neither finds it. The search is persisted: a restart starts it
 * again, with what its add request asked for, and a cancelled one does not come back.
 */
class MetadataSearchesTest {

    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path root;

    private final StorageResources resources =
            new StorageResources(new FileHandles(4), new BlockBuffers(TestTorrents.KIB16, 2), ChangeDetection.off());
    private TorrentSession session;

    @BeforeEach
    void session() {
        session = newSession();
    }

    /** A session over the same data root and state directory, as a restarted process has. */
    private TorrentSession newSession() {
        return new TorrentSession(
                new DataPaths(root.resolve("data")),
                new TorrentStateStore(root.resolve("state")),
                new RecordingLifecycle(root.resolve("data"), resources),
                Runnable::run);
    }

    @AfterEach
    void close() {
        resources.close();
    }

    @Test
    void aSearchIsFoundByItsHandshakeHashAndByItsObfuscatedHash() throws Exception {
        byte[] hash = HexFormat.of().parseHex(HASH);

        PendingMagnet pending = search();

        assertThat(session.find(hash)).isSameAs(pending.search());
        assertThat(session.findObfuscated(MseHashes.req2(hash))).isEqualTo(hash);
    }

    @Test
    void aCancelledSearchIsFoundByNeither() throws Exception {
        byte[] hash = HexFormat.of().parseHex(HASH);
        PendingMagnet pending = search();

        session.cancel(pending);

        assertThat(session.find(hash)).isNull();
        assertThat(session.findObfuscated(MseHashes.req2(hash))).isNull();
        assertThat(session.searches()).isEmpty();
    }

    @Test
    void aRestartStartsTheSearchAgainWithWhatItsAddRequestAskedFor() throws Exception {
        session.search(
                MagnetLink.parse("magnet:?xt=urn:btih:" + HASH + "&dn=film&x.pe=192.0.2.1:6881"),
                "films/new",
                true,
                new TorrentLimits(1000L, 2000L),
                1 << 20);

        TorrentSession restarted = newSession();
        restarted.restore(1 << 20);

        assertThat(restarted.searches()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(HASH);
            assertThat(p.name()).isEqualTo("film");
            assertThat(p.dataPath()).isEqualTo("films/new");
            assertThat(p.download()).isTrue();
            assertThat(p.limits()).isEqualTo(new TorrentLimits(1000L, 2000L));
            assertThat(TorrentSession.peersOf(p.search().magnet()))
                    .containsExactly(java.net.InetSocketAddress.createUnresolved("192.0.2.1", 6881));
        });
        assertThat(restarted.find(HexFormat.of().parseHex(HASH))).isNotNull();
    }

    @Test
    void aSearchWithoutADataPathComesBackWithoutOne() throws Exception {
        search();

        TorrentSession restarted = newSession();
        restarted.restore(1 << 20);

        assertThat(restarted.searches()).singleElement().satisfies(p -> assertThat(p.dataPath())
                .isNull());
    }

    @Test
    void aCancelledSearchDoesNotComeBack() throws Exception {
        session.cancel(search());

        TorrentSession restarted = newSession();
        restarted.restore(1 << 20);

        assertThat(restarted.searches()).isEmpty();
        assertThat(root.resolve("state")).isEmptyDirectory();
    }

    @Test
    void aTorrentWhoseMagnetLinkIsBeingFetchedIsNotAddedAgainAndCancellingTheLinkKeepsNothing() throws Exception {
        byte[] alice = Files.readAllBytes(TestTorrents.webtorrentFixtures().resolve("alice.torrent"));
        String hash = MetainfoParser.lenient().parse(alice).primaryInfoHash().hex();
        PendingMagnet pending = session.search(
                MagnetLink.parse("magnet:?xt=urn:btih:" + hash), null, true, TorrentLimits.DEFAULTS, 1 << 20);

        assertThatThrownBy(() -> session.add(alice, null, false, TorrentLimits.DEFAULTS))
                .isInstanceOfSatisfying(TorrentException.class, e -> assertThat(e.kind())
                        .isEqualTo(TorrentException.Kind.ALREADY_ADDED));
        session.cancel(pending);

        assertThat(root.resolve("state")).isEmptyDirectory();
        assertThat(session.findObfuscated(MseHashes.req2(HexFormat.of().parseHex(hash))))
                .isNull();
    }

    private PendingMagnet search() throws Exception {
        return session.search(
                MagnetLink.parse("magnet:?xt=urn:btih:" + HASH), null, true, TorrentLimits.DEFAULTS, 1 << 20);
    }
}

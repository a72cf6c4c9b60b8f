package io.bitquark.seeder.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.Handshake;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.testsupport.FreePorts;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections we open ({@link PeerWireServer#connect}): our handshake goes first, the peer's must carry our
 * info-hash and another peer id than ours, and the connection then serves like an accepted one.
 */
class OutboundConnectTest {

    @TempDir
    static Path dir;

    static FileTorrent torrent;
    static FileTorrent other;

    @BeforeAll
    static void torrents() throws Exception {
        torrent = FileTorrent.create(dir, "content.bin", 512 * 1024 + 99, 64 * 1024, 51);
        other = FileTorrent.create(dir, "other.bin", 64 * 1024, 64 * 1024, 52);
    }

    @AfterAll
    static void closeTorrents() throws Exception {
        torrent.close();
        other.close();
    }

    /** Where the seed connects to: a plain socket the test answers from. */
    private static final class Listening implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        final CompletableFuture<RawPeer> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return RawPeer.accept(socket);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        Listening() throws Exception {}

        int port() {
            return socket.getLocalPort();
        }

        RawPeer peer() throws Exception {
            return accepted.get(RawPeer.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws Exception {
            socket.close();
            if (accepted.isDone() && !accepted.isCompletedExceptionally()) {
                accepted.get().close();
            }
        }
    }

    private static PeerId connected(Future<PeerId> connecting) throws Exception {
        return connecting.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Why {@code connecting} failed: the reason the connection ended during the handshake, or null for TCP. */
    private static DisconnectReason failure(Future<PeerId> connecting) throws Exception {
        try {
            connecting.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(PeerConnectException.class);
            return ((PeerConnectException) e.getCause()).reason().orElse(null);
        }
        throw new AssertionError("the connection was made");
    }

    @Test
    void sendsItsHandshakeFirstThenGreetsAndServesThePeerLikeAnAcceptedOne() throws Exception {
        try (Seed seed = new Seed(torrent);
                Listening listening = new Listening()) {
            Future<PeerId> connecting = seed.server.connect(torrent, "127.0.0.1", listening.port());
            RawPeer peer = listening.peer();

            Handshake ours = peer.receiveHandshake();
            assertThat(ours.infoHash()).isEqualTo(torrent.handshakeHash());
            assertThat(ours.peerId()).isEqualTo(seed.localId);
            assertThat(ours.supportsFast()).isTrue();
            assertThat(ours.supportsExtensionProtocol()).isTrue();

            peer.sendHandshake(torrent.handshakeHash(), true, true, RawPeer.ID);
            assertThat(connected(connecting)).isEqualTo(RawPeer.ID);
            ExtendedHandshake extended = ExtendedHandshake.decode(peer.next(PeerMessage.Extended.class));
            assertThat(extended.extensionId("ut_metadata")).hasValue(1);
            assertThat(peer.next()).isEqualTo(PeerMessage.HaveAll.INSTANCE);

            peer.send(PeerMessage.HaveNone.INSTANCE);
            peer.send(PeerMessage.Interested.INSTANCE);
            peer.next(PeerMessage.Unchoke.class);
            assertThat(Leech.download(peer, torrent, 0, torrent.pieceCount(), 8))
                    .isEqualTo(torrent.length());
            assertThat(seed.server.peers(torrent)).singleElement().satisfies(p -> assertThat(p.client())
                    .isEqualTo("qBittorrent 4.6.5"));
        }
    }

    /**
     * Connects to a socket that answers our handshake with {@code hash} and {@code id}; returns why the connection
     * then ended, once the seed has closed it.
     */
    private static DisconnectReason answeredWith(Seed seed, byte[] hash, PeerId id) throws Exception {
        try (Listening listening = new Listening()) {
            Future<PeerId> connecting = seed.server.connect(torrent, "127.0.0.1", listening.port());
            RawPeer peer = listening.peer();
            peer.receiveHandshake();
            peer.sendHandshake(hash, true, true, id);
            DisconnectReason reason = failure(connecting);
            assertThat(peer.closedByServer()).isTrue();
            return reason;
        }
    }

    @Test
    void aPeerThatAnswersForAnotherTorrentIsDisconnected() throws Exception {
        try (Seed seed = new Seed(torrent, other)) {
            assertThat(answeredWith(seed, other.handshakeHash(), RawPeer.ID))
                    .isEqualTo(DisconnectReason.UNEXPECTED_INFO_HASH);
            assertThat(seed.listener.disconnects(DisconnectReason.UNEXPECTED_INFO_HASH))
                    .isEqualTo(1);
            assertThat(seed.listener.connected.get()).isZero();
        }
    }

    @Test
    void aPeerThatAnswersWithOurOwnPeerIdIsOurselvesAndIsDisconnected() throws Exception {
        try (Seed seed = new Seed(torrent)) {
            assertThat(answeredWith(seed, torrent.handshakeHash(), seed.localId))
                    .isEqualTo(DisconnectReason.SELF_CONNECTION);
        }
    }

    @Test
    void connectingToItsOwnPortEndsBothEndsAsAConnectionToItself() throws Exception {
        try (Seed seed = new Seed(torrent)) {
            assertThat(failure(seed.server.connect(torrent, "127.0.0.1", seed.port)))
                    .isEqualTo(DisconnectReason.SELF_CONNECTION);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> seed.listener.disconnects(DisconnectReason.SELF_CONNECTION) == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> seed.server.connectionCount() == 0);
            assertThat(seed.server.peers(torrent)).isEmpty();
        }
    }

    @Test
    void twoSeedsConnectThenPartAsUploadOnlyForNeitherHasAnythingForTheOther() throws Exception {
        try (Seed a = new Seed(torrent);
                Seed b = new Seed(torrent)) {
            assertThat(connected(a.server.connect(torrent, "127.0.0.1", b.port)))
                    .isEqualTo(b.localId);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> a.server.connectionCount() == 0 && b.server.connectionCount() == 0);
            assertThat(a.listener.disconnects(DisconnectReason.UPLOAD_ONLY)
                            + b.listener.disconnects(DisconnectReason.UPLOAD_ONLY))
                    .as("closed by one end or both, each seeing the other's have all")
                    .isPositive();
            for (Seed seed : List.of(a, b)) {
                assertThat(seed.listener.disconnects.keySet())
                        .isSubsetOf(DisconnectReason.UPLOAD_ONLY, DisconnectReason.CLOSED_BY_PEER);
            }
        }
    }

    @Test
    void aRefusedConnectionFailsWithoutAReason() throws Exception {
        try (Seed seed = new Seed(torrent)) {
            assertThat(failure(seed.server.connect(torrent, "127.0.0.1", FreePorts.tcp())))
                    .isNull();
            assertThat(seed.server.connectionCount()).isZero();
        }
    }

    @Test
    void aTorrentThatTakesNoPeersIsNotConnectedFor() throws Exception {
        FileTorrent paused = FileTorrent.create(dir, "paused.bin", 64 * 1024, 64 * 1024, 53);
        paused.setAccepting(false);
        try (paused;
                Seed seed = new Seed(paused)) {
            assertThat(failure(seed.server.connect(paused, "127.0.0.1", seed.port)))
                    .isEqualTo(DisconnectReason.TORRENT_NOT_ACCEPTING);
            assertThat(seed.server.connectionCount()).isZero();
            assertThat(seed.listener.disconnects).isEmpty();
        }
    }
}

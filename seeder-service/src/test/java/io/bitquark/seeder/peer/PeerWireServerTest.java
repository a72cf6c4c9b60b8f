package io.bitquark.seeder.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.Handshake;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.UtMetadataMessage;
import io.bitquark.seeder.config.ChokingConfig;
import io.bitquark.testsupport.FreePorts;
import io.vertx.core.VertxOptions;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer wire as a client sees it: handshake, greeting, requests and pieces, metadata, limits, timeouts. */
class PeerWireServerTest {

    @TempDir
    static Path dir;

    static FileTorrent torrent;
    static FileTorrent partial;

    @BeforeAll
    static void torrents() throws Exception {
        torrent = FileTorrent.create(dir, "content.bin", 1024 * 1024 + 12345, 64 * 1024, 1);
        partial = FileTorrent.create(dir, "partial.bin", 8 * 64 * 1024, 64 * 1024, 2);
        BitSet half = new BitSet();
        half.set(0, 4);
        partial.keepOnly(half);
    }

    @AfterAll
    static void closeTorrents() throws Exception {
        torrent.close();
        partial.close();
    }

    @Test
    void answersTheHandshakeWithTheFastAndExtensionBitsThenGreetsWithExtendedHandshakeHaveAllAndAllowedFast()
            throws Exception {
        try (Seed seed = new Seed(torrent);
                RawPeer peer = RawPeer.connect(seed.port)) {
            Handshake answer = peer.handshake(torrent.handshakeHash(), true, true);
            assertThat(answer.infoHash()).isEqualTo(torrent.handshakeHash());
            assertThat(answer.supportsFast()).isTrue();
            assertThat(answer.supportsExtensionProtocol()).isTrue();
            assertThat(answer.peerId().client())
                    .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("BitQuark"));

            ExtendedHandshake extended = ExtendedHandshake.decode(peer.next(PeerMessage.Extended.class));
            assertThat(extended.extensionId("ut_metadata")).hasValue(1);
            assertThat(extended.client()).hasValueSatisfying(v -> assertThat(v).startsWith("BitQuark "));
            assertThat(extended.requestQueueLength()).hasValue(seed.peer.maxOutstandingRequests);
            assertThat(extended.yourIp()).hasValue(InetAddress.getByName("127.0.0.1"));
            assertThat(extended.metadataSize()).hasValue(torrent.infoBytes().length);

            assertThat(peer.next()).isEqualTo(PeerMessage.HaveAll.INSTANCE);
            List<Integer> allowed = new ArrayList<>();
            for (int i = 0; i < seed.peer.allowedFastCount; i++) {
                allowed.add(peer.next(PeerMessage.AllowedFast.class).pieceIndex());
            }
            assertThat(allowed).doesNotHaveDuplicates().allMatch(i -> i < torrent.pieceCount());
        }
    }

    @Test
    void answersAHandshakeForTheTruncatedV2HashTheDirectoryKnowsWithThatSameHash() throws Exception {
        byte[] truncatedV2 = Arrays.copyOf(
                io.bitquark.protocol.metainfo.InfoHash.v2Of(torrent.infoBytes()).bytes(), 20);
        try (Seed seed = new Seed(torrent)) {
            seed.directory.add(truncatedV2, torrent);
            try (RawPeer peer = RawPeer.connect(seed.port)) {
                assertThat(peer.handshake(truncatedV2, true, true).infoHash()).isEqualTo(truncatedV2);
                assertThat(peer.next(PeerMessage.Extended.class)).isNotNull();
                assertThat(peer.next()).isEqualTo(PeerMessage.HaveAll.INSTANCE);
            }
        }
    }

    @Test
    void greetsAPeerWithoutExtensionsWithABitfieldOfTheVerifiedPiecesOnly() throws Exception {
        try (Seed seed = new Seed(partial);
                RawPeer peer = RawPeer.handshaken(seed.port, partial.handshakeHash(), false, false)) {
            PeerMessage.Bitfield bitfield = peer.next(PeerMessage.Bitfield.class);
            assertThat(bitfield.toBitSet()).isEqualTo(partial.pieces());
        }
    }

    @Test
    void servesEveryBlockOfTheTorrentByteForByte() throws Exception {
        try (Seed seed = new Seed(torrent);
                RawPeer peer = Leech.unchoked(seed.port, torrent, true)) {
            long received = Leech.download(peer, torrent, 0, torrent.pieceCount(), 32);
            assertThat(received).isEqualTo(torrent.length());
            await().untilAsserted(() -> assertThat(torrent.uploadedBytes()).isGreaterThanOrEqualTo(torrent.length()));
        }
    }

    @Test
    void stopsReadingForAPeerThatDoesNotReadItsPiecesAndResumesWhenItDoes() throws Exception {
        FileTorrent big = FileTorrent.create(dir, "backpressure.bin", 24L * 1024 * 1024, 1024 * 1024, 5);
        TestConfigs.Peer config = new TestConfigs.Peer();
        config.sendBufferWatermark = 256 * 1024;
        try (big;
                Seed seed = new Seed(config, new TestConfigs.Choking(), big);
                RawPeer peer = Leech.unchoked(seed.port, big, true)) {
            ByteArrayOutputStream requests = new ByteArrayOutputStream();
            int blocks = (int) (big.length() / Leech.BLOCK);
            for (int i = 0; i < blocks; i++) {
                requests.write(io.bitquark.protocol.peer.PeerWireCodec.encode(
                        new PeerMessage.Request(i / 64, i % 64 * Leech.BLOCK, Leech.BLOCK)));
            }
            peer.sendRaw(requests.toByteArray());
            Thread.sleep(1_000);
            long stalled = big.uploadedBytes();
            Thread.sleep(500);
            assertThat(big.uploadedBytes())
                    .as("nothing more is queued while the peer reads nothing")
                    .isEqualTo(stalled);
            assertThat(stalled)
                    .as("what sits in socket buffers and the write queue")
                    .isLessThan(big.length() / 2);
            long received = 0;
            for (int i = 0; i < blocks; i++) {
                received += peer.next(PeerMessage.Piece.class).blockLength();
            }
            assertThat(received).isEqualTo(big.length());
        }
    }

    @Test
    void rejectsAFastPeersRequestForAPieceItDoesNotHaveAndServesTheOthers() throws Exception {
        try (Seed seed = new Seed(partial);
                RawPeer peer = Leech.unchoked(seed.port, partial, true)) {
            peer.request(6, 0, Leech.BLOCK);
            assertThat(peer.next(PeerMessage.RejectRequest.class))
                    .isEqualTo(new PeerMessage.RejectRequest(6, 0, Leech.BLOCK));
            assertThat(Leech.download(peer, partial, 0, 4, 8)).isEqualTo(4 * 64 * 1024);
            assertThat(seed.listener.rejects(RejectReason.PIECE_MISSING)).isEqualTo(1);
        }
    }

    @Test
    void aCancelledQueuedRequestIsRejectedInsteadOfServed() throws Exception {
        TestConfigs.Choking choking = new TestConfigs.Choking();
        choking.uploadRateLimit = 64 * 1024; // slow enough that the last requests are still queued
        try (Seed seed = new Seed(new TestConfigs.Peer(), choking, torrent);
                RawPeer peer = Leech.unchoked(seed.port, torrent, true)) {
            for (int i = 0; i < 16; i++) {
                peer.request(1, i * Leech.BLOCK % (64 * 1024), Leech.BLOCK);
            }
            peer.request(5, 0, Leech.BLOCK);
            peer.send(new PeerMessage.Cancel(5, 0, Leech.BLOCK));
            assertThat(peer.next(PeerMessage.RejectRequest.class))
                    .isEqualTo(new PeerMessage.RejectRequest(5, 0, Leech.BLOCK));
        }
    }

    @Test
    void servesTheInfoDictionaryOverUtMetadataAndRejectsPiecesBeyondIt() throws Exception {
        FileTorrent many = FileTorrent.create(dir, "many-pieces.bin", 1100L * 16 * 1024, 16 * 1024, 3);
        try (many;
                Seed seed = new Seed(many);
                RawPeer peer = RawPeer.handshaken(seed.port, many.handshakeHash(), true, true)) {
            peer.sendExtendedHandshake(7);
            int size = (int) ExtendedHandshake.decode(peer.next(PeerMessage.Extended.class))
                    .metadataSize()
                    .getAsLong();
            int pieces = UtMetadataMessage.pieceCount(size);
            assertThat(pieces)
                    .as("an info dictionary of several metadata pieces")
                    .isGreaterThan(1);
            ByteArrayOutputStream info = new ByteArrayOutputStream();
            for (int i = 0; i < pieces; i++) {
                peer.send(UtMetadataMessage.request(i).toMessage(1));
                PeerMessage.Extended answer = peer.next(PeerMessage.Extended.class);
                assertThat(answer.extendedId()).as("our ut_metadata id").isEqualTo(7);
                UtMetadataMessage data = UtMetadataMessage.decode(answer.payload());
                assertThat(data.type()).isEqualTo(UtMetadataMessage.Type.DATA);
                assertThat(data.piece()).isEqualTo(i);
                assertThat(data.totalSize()).isEqualTo(size);
                info.write(data.data());
            }
            assertThat(info.toByteArray()).isEqualTo(many.infoBytes());

            peer.send(UtMetadataMessage.request(pieces).toMessage(1));
            UtMetadataMessage reject = UtMetadataMessage.decode(
                    peer.next(PeerMessage.Extended.class).payload());
            assertThat(reject).isEqualTo(UtMetadataMessage.reject(pieces));
        }
    }

    @Test
    void reportsEachPeerWithItsClientNameUploadAndChokeState() throws Exception {
        try (Seed seed = new Seed(torrent);
                RawPeer peer = Leech.unchoked(seed.port, torrent, true)) {
            Leech.download(peer, torrent, 0, 2, 8);
            await().untilAsserted(() -> {
                List<PeerSnapshot> peers = seed.server.peers(torrent);
                assertThat(peers).hasSize(1);
                PeerSnapshot snapshot = peers.get(0);
                assertThat(snapshot.address()).isEqualTo("127.0.0.1");
                assertThat(snapshot.port()).isEqualTo(peer.localPort());
                assertThat(snapshot.client()).isEqualTo("qBittorrent 4.6.5");
                assertThat(snapshot.uploaded()).isEqualTo(2 * 64 * 1024);
                assertThat(snapshot.choked()).isFalse();
                assertThat(snapshot.interested()).isTrue();
            });
        }
    }

    @Test
    void aPeerThatConnectedToUsIsListedWithTheListenPortItsExtendedHandshakeNames() throws Exception {
        try (Seed seed = new Seed(torrent);
                RawPeer named = RawPeer.handshaken(seed.port, torrent.handshakeHash(), true, true);
                RawPeer silent = RawPeer.handshaken(seed.port, torrent.handshakeHash(), true, true)) {
            named.send(ExtendedHandshake.builder()
                    .client("raw test peer")
                    .port(51413)
                    .build()
                    .toMessage());
            named.send(new PeerMessage.KeepAlive());

            await().untilAsserted(() -> assertThat(seed.server.peers(torrent))
                    .extracting(PeerSnapshot::port, PeerSnapshot::listenPort)
                    .containsExactlyInAnyOrder(tuple(named.localPort(), 51413), tuple(silent.localPort(), 0)));
        }
    }

    @Test
    void bindsTheNextPortWhenTheFirstIsTaken() throws Exception {
        int first = FreePorts.tcp();
        try (ServerSocket taken = new ServerSocket(first, 1, InetAddress.getByName("127.0.0.1"))) {
            TestConfigs.Peer config = new TestConfigs.Peer();
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
            PeerWireServer server = new PeerWireServer(
                    vertx,
                    new TestDirectory().add(torrent),
                    config,
                    new TestConfigs.Choking(),
                    PeerId.generate(),
                    PeerWireListener.NONE);
            try {
                int bound = Seed.await(server.start("127.0.0.1", first, first + 8));
                assertThat(bound).isGreaterThan(first).isLessThanOrEqualTo(first + 8);
                assertThat(server.port()).isEqualTo(bound);
                try (RawPeer peer = RawPeer.handshaken(bound, torrent.handshakeHash(), true, true)) {
                    assertThat(peer.next(PeerMessage.Extended.class)).isNotNull();
                }
            } finally {
                Seed.await(server.close());
                Seed.await(vertx.close());
            }
        }
    }

    @Test
    void failsToStartWhenEveryPortOfTheRangeIsTaken() throws Exception {
        int first = FreePorts.tcp();
        try (ServerSocket taken = new ServerSocket(first, 1, InetAddress.getByName("127.0.0.1"))) {
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
            PeerWireServer server = new PeerWireServer(
                    vertx,
                    new TestDirectory(),
                    new TestConfigs.Peer(),
                    new TestConfigs.Choking(),
                    PeerId.generate(),
                    PeerWireListener.NONE);
            try {
                assertThat(server.start("127.0.0.1", first, first)
                                .toCompletionStage()
                                .toCompletableFuture())
                        .failsWithin(Duration.ofSeconds(30))
                        .withThrowableThat()
                        .withMessageContaining("no free peer-wire port on 127.0.0.1: port " + first);
            } finally {
                Seed.await(vertx.close());
            }
        }
    }

    @Test
    void refusesConnectionsBeyondTheGlobalAndPerTorrentLimits() throws Exception {
        TestConfigs.Peer config = new TestConfigs.Peer();
        config.maxConnections = 3;
        config.maxConnectionsPerTorrent = 2;
        try (Seed seed = new Seed(config, new TestConfigs.Choking(), torrent, partial);
                RawPeer a = RawPeer.handshaken(seed.port, torrent.handshakeHash(), true, true);
                RawPeer b = RawPeer.handshaken(seed.port, torrent.handshakeHash(), true, true)) {
            try (RawPeer third = RawPeer.connect(seed.port)) {
                third.sendRaw(new Handshake(
                                io.bitquark.protocol.peer.ReservedBits.none(),
                                torrent.handshakeHash(),
                                PeerId.generate())
                        .encode());
                assertThat(third.closedByServer()).isTrue();
            }
            await().until(() -> seed.listener.disconnects(DisconnectReason.TORRENT_CONNECTION_LIMIT) == 1);
            try (RawPeer other = RawPeer.handshaken(seed.port, partial.handshakeHash(), true, true);
                    RawPeer overGlobal = RawPeer.connect(seed.port)) {
                assertThat(overGlobal.closedByServer()).isTrue();
                assertThat(seed.listener.disconnects(DisconnectReason.CONNECTION_LIMIT))
                        .isEqualTo(1);
                assertThat(other.stillOpenAfter(200)).isTrue();
            }
            assertThat(a.stillOpenAfter(100)).isTrue();
            assertThat(b.stillOpenAfter(100)).isTrue();
        }
    }

    @Test
    void disconnectsEveryPeerOfATorrentThatStopsAndRefusesNewOnesWhileItIsNotAccepting() throws Exception {
        FileTorrent stopping = FileTorrent.create(dir, "stopping.bin", 256 * 1024, 64 * 1024, 4);
        try (stopping;
                Seed seed = new Seed(stopping, torrent);
                RawPeer first = RawPeer.handshaken(seed.port, stopping.handshakeHash(), true, true);
                RawPeer second = RawPeer.handshaken(seed.port, stopping.handshakeHash(), false, false);
                RawPeer bystander = RawPeer.handshaken(seed.port, torrent.handshakeHash(), true, true)) {
            stopping.setAccepting(false);
            Seed.await(seed.server.disconnectAll(stopping));
            assertThat(first.closedByServer()).isTrue();
            assertThat(second.closedByServer()).isTrue();
            assertThat(seed.listener.disconnects(DisconnectReason.TORRENT_STOPPED))
                    .isEqualTo(2);
            assertThat(seed.server.peers(stopping)).isEmpty();
            try (RawPeer late = RawPeer.connect(seed.port)) {
                late.sendRaw(new Handshake(
                                io.bitquark.protocol.peer.ReservedBits.none(),
                                stopping.handshakeHash(),
                                PeerId.generate())
                        .encode());
                assertThat(late.closedByServer()).isTrue();
            }
            assertThat(bystander.stillOpenAfter(200)).isTrue();
        }
    }

    @Test
    void sendsKeepAlivesToAQuietPeerAndDisconnectsASilentOne() throws Exception {
        TestConfigs.Peer config = new TestConfigs.Peer();
        config.keepAliveInterval = Duration.ofMillis(100);
        config.idleTimeout = Duration.ofMillis(800);
        try (Seed seed = new Seed(config, new TestConfigs.Choking(), torrent);
                RawPeer peer = RawPeer.handshaken(seed.port, torrent.handshakeHash(), true, true)) {
            assertThat(peer.next(PeerMessage.KeepAlive.class)).isNotNull();
            assertThat(peer.closedByServer()).isTrue();
            assertThat(seed.listener.disconnects(DisconnectReason.IDLE)).isEqualTo(1);
        }
    }

    @Test
    void disconnectsAPeerThatDoesNotFinishItsHandshakeInTime() throws Exception {
        TestConfigs.Peer config = new TestConfigs.Peer();
        config.handshakeTimeout = Duration.ofMillis(300);
        try (Seed seed = new Seed(config, new TestConfigs.Choking(), torrent);
                RawPeer peer = RawPeer.connect(seed.port)) {
            byte[] handshake = new Handshake(
                            io.bitquark.protocol.peer.ReservedBits.none(), torrent.handshakeHash(), PeerId.generate())
                    .encode();
            peer.sendRaw(Arrays.copyOf(handshake, 30));
            assertThat(peer.closedByServer()).isTrue();
            assertThat(seed.listener.disconnects(DisconnectReason.HANDSHAKE_TIMEOUT))
                    .isEqualTo(1);
        }
    }

    @Test
    void sendsHaveToConnectedPeersWhenAPieceBecomesAvailable() throws Exception {
        try (Seed seed = new Seed(partial);
                RawPeer peer = RawPeer.handshaken(seed.port, partial.handshakeHash(), true, true)) {
            peer.next(PeerMessage.Bitfield.class);
            Seed.await(seed.server.havePiece(partial, 5));
            assertThat(peer.next(PeerMessage.Have.class)).isEqualTo(new PeerMessage.Have(5));
        }
    }

    @Test
    void runsOneListenerPerEventLoopOnTheOnePortAndServesFromEach() throws Exception {
        try (Seed defaults = new Seed(torrent)) {
            assertThat(defaults.server.eventLoops()).isEqualTo(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
        }
        TestConfigs.Peer config = new TestConfigs.Peer();
        config.eventLoops = OptionalInt.of(4);
        try (Seed seed = new Seed(config, new TestConfigs.Choking(), torrent)) {
            assertThat(seed.server.eventLoops()).isEqualTo(4);
            List<RawPeer> peers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    peers.add(Leech.unchoked(seed.port, torrent, true));
                }
                assertThat(seed.listener.connectedOn)
                        .as("event loops that took connections")
                        .hasSizeGreaterThan(1);
                for (int i = 0; i < peers.size(); i++) {
                    assertThat(Leech.download(peers.get(i), torrent, i, i + 1, 4))
                            .isEqualTo(torrent.pieceLength(i));
                }
                assertThat(seed.server.peers(torrent)).hasSize(8);
            } finally {
                for (RawPeer peer : peers) {
                    peer.close();
                }
            }
        }
    }

    @Test
    void roundRobinChokingRunsOnOneEventLoop() throws Exception {
        TestConfigs.Peer config = new TestConfigs.Peer();
        config.eventLoops = OptionalInt.of(4);
        TestConfigs.Choking roundRobin = new TestConfigs.Choking();
        roundRobin.algorithm = ChokingConfig.Algorithm.ROUND_ROBIN;
        try (Seed seed = new Seed(config, roundRobin, torrent)) {
            assertThat(seed.server.eventLoops()).isEqualTo(1);
            for (int i = 0; i < 4; i++) {
                RawPeer.handshaken(seed.port, torrent.handshakeHash(), true, true)
                        .close();
            }
            await().until(() -> seed.listener.connected.get() == 4);
            assertThat(seed.listener.connectedOn).hasSize(1);
        }
    }

    @Test
    void refusesAnEventLoopCountBelowOne() {
        TestConfigs.Peer config = new TestConfigs.Peer();
        config.eventLoops = OptionalInt.of(0);
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            assertThatThrownBy(() -> new PeerWireServer(
                            vertx,
                            new TestDirectory(),
                            config,
                            new TestConfigs.Choking(),
                            PeerId.generate(),
                            PeerWireListener.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("event-loops must be at least 1, got 0");
        } finally {
            Seed.await(vertx.close());
        }
    }
}

package io.bitquark.seeder.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.hash.MerkleTree;
import io.bitquark.protocol.hash.PieceLayerTree;
import io.bitquark.protocol.metainfo.MetaVersion;
import io.bitquark.protocol.peer.PeerMessage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seed of v2 torrents answers BEP 52 hash requests from their piece layers, over real sockets: hashes with the
 * proof up to the pieces root for what the rules allow, a hash reject for anything else, and a disconnect only for
 * a message of the wrong size.
 */
class HashRequestsTest {

    /** 64 KiB pieces: the piece layer is layer 2. */
    private static final int PIECE = 64 * 1024;
    /** 33 pieces, padded to 64: the pieces root at layer 2 + 6. */
    private static final long LENGTH = 32L * PIECE + 1000;

    @TempDir
    static Path dir;

    static FileTorrent v2;
    static FileTorrent hybrid;
    Seed seed;

    @BeforeAll
    static void torrents() throws Exception {
        v2 = FileTorrent.createV2(MetaVersion.V2, dir, "v2.bin", LENGTH, PIECE, 52);
        hybrid = FileTorrent.createV2(MetaVersion.HYBRID, dir, "hybrid.bin", LENGTH, PIECE, 53);
    }

    @AfterAll
    static void closeTorrents() throws Exception {
        v2.close();
        hybrid.close();
    }

    @BeforeEach
    void start() {
        seed = new Seed(v2, hybrid);
        seed.directory.add(hybrid.v2HandshakeHash(), hybrid);
    }

    @AfterEach
    void stop() {
        seed.close();
    }

    private static byte[] root(FileTorrent torrent) {
        return torrent.metainfo().files().get(0).piecesRoot();
    }

    private static byte[] layer(FileTorrent torrent) {
        return torrent.metainfo().pieceLayer(root(torrent)).orElseThrow();
    }

    private static PeerMessage.Hashes asked(RawPeer peer, PeerMessage.HashRequest request) throws Exception {
        peer.send(request);
        PeerMessage.Hashes answer = peer.next(PeerMessage.Hashes.class);
        assertThat(answer.request()).isEqualTo(request);
        return answer;
    }

    @Test
    void aRangeOfThePieceLayerComesWithTheUncleHashesThatProveItUpToThePiecesRoot() throws Exception {
        try (RawPeer peer = RawPeer.handshaken(seed.port, v2.handshakeHash(), true, true)) {
            // pieces 32 to 63 (32 the last real one): a subtree of 5 layers, and the left half's root above it
            PeerMessage.HashRequest request = new PeerMessage.HashRequest(root(v2), 2, 32, 32, 5);

            byte[] hashes = asked(peer, request).hashes();

            assertThat(hashes).hasSize((32 + 1) * 32);
            assertThat(Arrays.copyOf(hashes, 32)).isEqualTo(Arrays.copyOfRange(layer(v2), 32 * 32, 33 * 32));
            assertThat(Arrays.copyOfRange(hashes, 32, 64)).isEqualTo(MerkleTree.padHash(2));
            assertThat(PieceLayerTree.verify(root(v2), LENGTH, 2, 32, 32, 5, hashes))
                    .isPresent();
        }
    }

    @Test
    void theWholePaddedPieceLayerNeedsNoProof() throws Exception {
        try (RawPeer peer = RawPeer.handshaken(seed.port, v2.handshakeHash(), true, true)) {
            byte[] hashes = asked(peer, new PeerMessage.HashRequest(root(v2), 2, 0, 64, 0))
                    .hashes();

            assertThat(Arrays.copyOf(hashes, 33 * 32)).isEqualTo(layer(v2));
            assertThat(MerkleTree.root(hashes, 64, MerkleTree.padHash(2))).isEqualTo(root(v2));
        }
    }

    @Test
    void requestsOutsideTheRulesAreRejectedAndThePeerStaysConnected() throws Exception {
        byte[] root = root(v2);
        byte[] unknownRoot = new byte[32];
        List<PeerMessage.HashRequest> invalid = List.of(
                new PeerMessage.HashRequest(root, 2, 0, 3, 0), // length not a power of two
                new PeerMessage.HashRequest(root, 2, 16, 32, 0), // index not a multiple of the length
                new PeerMessage.HashRequest(root, 2, 64, 2, 0), // past the layer
                new PeerMessage.HashRequest(root, 0, 0, 2, 0), // block hashes: not kept
                new PeerMessage.HashRequest(root, 2, 0, 2, 6), // proof up to the root itself
                new PeerMessage.HashRequest(root, 8, 0, 1, 0), // the root layer
                new PeerMessage.HashRequest(unknownRoot, 2, 0, 2, 0));
        try (RawPeer peer = RawPeer.handshaken(seed.port, v2.handshakeHash(), true, true)) {
            for (PeerMessage.HashRequest request : invalid) {
                peer.send(request);
                assertThat(peer.nextMatching(
                                m -> m instanceof PeerMessage.HashReject || m instanceof PeerMessage.Hashes))
                        .as("the answer to %s", request)
                        .isEqualTo(request.reject());
            }

            asked(peer, new PeerMessage.HashRequest(root, 2, 0, 2, 5));
        }
        assertThat(seed.listener.disconnects(DisconnectReason.MALFORMED_MESSAGE))
                .isZero();
    }

    @Test
    void aHybridTorrentAnswersOnItsV2ConnectionsButNotOnItsV1Ones() throws Exception {
        PeerMessage.HashRequest request = new PeerMessage.HashRequest(root(hybrid), 2, 0, 64, 0);
        try (RawPeer v1Peer = RawPeer.handshaken(
                        seed.port, hybrid.metainfo().infoHashV1().orElseThrow().bytes(), true, true);
                RawPeer v2Peer = RawPeer.handshaken(seed.port, hybrid.v2HandshakeHash(), true, true)) {
            v1Peer.send(request);
            assertThat(v1Peer.next(PeerMessage.HashReject.class)).isEqualTo(request.reject());

            assertThat(Arrays.copyOf(asked(v2Peer, request).hashes(), 33 * 32)).isEqualTo(layer(hybrid));
        }
    }

    @Test
    void aHashRequestOfTheWrongSizeDisconnectsOnlyThatPeer() throws Exception {
        try (RawPeer good = RawPeer.handshaken(seed.port, v2.handshakeHash(), true, true)) {
            try (RawPeer bad = RawPeer.handshaken(seed.port, v2.handshakeHash(), true, true)) {
                ByteBuffer frame = ByteBuffer.allocate(4 + 50).putInt(50).put((byte) PeerMessage.HASH_REQUEST);
                bad.sendRaw(frame.array());
                assertThat(bad.closedByServer()).isTrue();
            }
            assertThat(seed.listener.disconnects(DisconnectReason.MALFORMED_MESSAGE))
                    .isEqualTo(1);

            asked(good, new PeerMessage.HashRequest(root(v2), 2, 0, 64, 0));
        }
    }
}

package io.bitquark.seeder.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireCodec;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad peer is disconnected or, if it speaks BEP 6, rejected, while a well-behaved peer connected at
 * the same time downloads the whole torrent, byte for byte.
 */
class MisbehavingPeerTest {

    private static final int PIECE = 256 * 1024;
    private static final int REQQ = 100;

    @TempDir
    static Path dir;

    static FileTorrent torrent;
    static FileTorrent other;
    Seed seed;

    @BeforeAll
    static void torrents() throws Exception {
        torrent = FileTorrent.create(dir, "content.bin", 8L * 1024 * 1024 + 777, PIECE, 11);
        other = FileTorrent.create(dir, "not-seeded.bin", 64 * 1024, PIECE, 12);
    }

    @AfterAll
    static void closeTorrents() throws Exception {
        torrent.close();
        other.close();
    }

    @BeforeEach
    void start() {
        TestConfigs.Peer config = new TestConfigs.Peer();
        config.maxOutstandingRequests = REQQ;
        seed = new Seed(config, new TestConfigs.Choking(), torrent);
    }

    @AfterEach
    void stop() {
        seed.close();
    }

    interface Misbehaviour {
        void run() throws Exception;
    }

    /**
     * A good peer downloads the first half, then the second half in the background while {@code misbehaviour}
     * runs; every block must arrive intact.
     */
    private void whileAGoodPeerDownloads(Misbehaviour misbehaviour) throws Exception {
        try (RawPeer good = Leech.unchoked(seed.port, torrent, true)) {
            int half = torrent.pieceCount() / 2;
            long received = Leech.download(good, torrent, 0, half, 16);
            CompletableFuture<Long> rest = CompletableFuture.supplyAsync(() -> {
                try {
                    return Leech.download(good, torrent, half, torrent.pieceCount(), 16);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            misbehaviour.run();
            received += rest.get(60, TimeUnit.SECONDS);
            assertThat(received).isEqualTo(torrent.length());
        }
    }

    private RawPeer bad(boolean fast) throws Exception {
        return RawPeer.handshaken(seed.port, torrent.handshakeHash(), fast, true);
    }

    @Test
    void aLengthPrefixOverTheFrameLimitDisconnects() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = bad(true)) {
                bad.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 7});
                assertThat(bad.closedByServer()).isTrue();
            }
            assertThat(seed.listener.disconnects(DisconnectReason.OVERSIZED_FRAME))
                    .isEqualTo(1);
        });
    }

    @Test
    void aRequestForAPieceBeyondTheTorrentDisconnectsAPeerWithoutTheFastExtension() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = bad(false)) {
                bad.request(torrent.pieceCount() + 5, 0, Leech.BLOCK);
                assertThat(bad.closedByServer()).isTrue();
            }
            assertThat(seed.listener.disconnects(DisconnectReason.INVALID_REQUEST))
                    .isEqualTo(1);
        });
    }

    @Test
    void aBlockOutsideItsPieceIsRejectedForAFastPeer() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = bad(true)) {
                bad.request(torrent.pieceCount(), 0, Leech.BLOCK);
                bad.request(0, PIECE - 1024, Leech.BLOCK);
                assertThat(bad.next(PeerMessage.RejectRequest.class))
                        .isEqualTo(new PeerMessage.RejectRequest(torrent.pieceCount(), 0, Leech.BLOCK));
                assertThat(bad.next(PeerMessage.RejectRequest.class))
                        .isEqualTo(new PeerMessage.RejectRequest(0, PIECE - 1024, Leech.BLOCK));
                assertThat(bad.stillOpenAfter(100)).isTrue();
            }
            assertThat(seed.listener.rejects(RejectReason.OUTSIDE_PIECE)).isEqualTo(2);
        });
    }

    @Test
    void aBlockOver16KiBDisconnectsAPeerWithoutTheFastExtensionAndIsRejectedForAFastOne() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = bad(true)) {
                bad.send(PeerMessage.Interested.INSTANCE);
                bad.next(PeerMessage.Unchoke.class);
                bad.request(1, 0, 2 * Leech.BLOCK);
                assertThat(bad.next(PeerMessage.RejectRequest.class))
                        .isEqualTo(new PeerMessage.RejectRequest(1, 0, 2 * Leech.BLOCK));
            }
            try (RawPeer bad = bad(false)) {
                bad.send(PeerMessage.Interested.INSTANCE);
                bad.next(PeerMessage.Unchoke.class);
                bad.request(1, 0, 2 * Leech.BLOCK);
                assertThat(bad.closedByServer()).isTrue();
            }
            assertThat(seed.listener.rejects(RejectReason.OVERSIZED_BLOCK)).isEqualTo(1);
            assertThat(seed.listener.disconnects(DisconnectReason.OVERSIZED_REQUEST))
                    .isEqualTo(1);
        });
    }

    @Test
    void aFloodOfRequestsPastReqqDisconnects() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = bad(true)) {
                bad.send(PeerMessage.Interested.INSTANCE);
                bad.next(PeerMessage.Unchoke.class);
                ByteArrayOutputStream flood = new ByteArrayOutputStream();
                int fullPieces = torrent.pieceCount() - 1;
                for (int i = 0; i < 20 * REQQ; i++) {
                    int begin = (i / fullPieces) % (PIECE / Leech.BLOCK) * Leech.BLOCK;
                    flood.write(PeerWireCodec.encode(new PeerMessage.Request(i % fullPieces, begin, Leech.BLOCK)));
                }
                bad.sendRaw(flood.toByteArray());
                assertThat(bad.closedByServer()).isTrue();
            }
            assertThat(seed.listener.disconnects(DisconnectReason.TOO_MANY_REQUESTS))
                    .isEqualTo(1);
        });
    }

    /**
     * Garbage opens like an encrypted (MSE) handshake: its first 96 bytes are taken for a public key, and the
     * sync marker that must follow within 532 bytes never comes.
     */
    @Test
    void garbageBeforeTheHandshakeFailsTheEncryptedHandshakeWithinItsBoundAndDisconnects() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = RawPeer.connect(seed.port)) {
                bad.sendRaw(("GET /announce HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(700) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(bad.closedByServer()).isTrue();
            }
            assertThat(seed.listener.disconnects(DisconnectReason.NOT_A_HANDSHAKE))
                    .isEqualTo(1);
        });
    }

    @Test
    void anUnknownInfoHashDisconnectsWithoutAnAnswer() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = RawPeer.connect(seed.port)) {
                assertThatThrownBy(() -> bad.handshake(other.handshakeHash(), true, true))
                        .isInstanceOf(EOFException.class);
            }
            assertThat(seed.listener.disconnects(DisconnectReason.UNKNOWN_INFO_HASH))
                    .isEqualTo(1);
        });
    }

    @Test
    void aRequestWhileChokedIsRejectedForAFastPeerUnlessThePieceIsAllowedFast() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = bad(true)) {
                int allowed = bad.next(PeerMessage.AllowedFast.class).pieceIndex();
                int notAllowed = allowed == 0 ? 1 : 0;
                boolean[] inSet = new boolean[torrent.pieceCount()];
                inSet[allowed] = true;
                for (int i = 1; i < seed.peer.allowedFastCount; i++) {
                    inSet[bad.next(PeerMessage.AllowedFast.class).pieceIndex()] = true;
                }
                while (inSet[notAllowed]) {
                    notAllowed++;
                }
                bad.request(notAllowed, 0, Leech.BLOCK);
                assertThat(bad.next(PeerMessage.RejectRequest.class))
                        .isEqualTo(new PeerMessage.RejectRequest(notAllowed, 0, Leech.BLOCK));
                bad.request(allowed, 0, Leech.BLOCK);
                PeerMessage.Piece piece = bad.next(PeerMessage.Piece.class);
                assertThat(piece.block()).isEqualTo(torrent.bytes(allowed, 0, Leech.BLOCK));
            }
            assertThat(seed.listener.rejects(RejectReason.CHOKED)).isEqualTo(1);
        });
    }

    @Test
    void requestsWhileChokedFromAPeerWithoutTheFastExtensionAreDroppedThenDisconnectPastReqq() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = bad(false)) {
                bad.request(0, 0, Leech.BLOCK);
                assertThat(bad.stillOpenAfter(200)).isTrue();
                for (int i = 0; i < REQQ; i++) {
                    bad.request(i % (torrent.pieceCount() - 1), 0, Leech.BLOCK);
                }
                assertThat(bad.closedByServer()).isTrue();
            }
            assertThat(seed.listener.rejects(RejectReason.CHOKED)).isEqualTo(REQQ + 1);
            assertThat(seed.listener.disconnects(DisconnectReason.TOO_MANY_REQUESTS))
                    .isEqualTo(1);
        });
    }

    @Test
    void aBitfieldThatDoesNotFitTheTorrentDisconnectsOnlyThatPeer() throws Exception {
        int bytes = PeerMessage.Bitfield.byteLength(torrent.pieceCount());
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = bad(true)) {
                bad.send(new PeerMessage.Bitfield(new byte[bytes - 1]));
                assertThat(bad.closedByServer()).isTrue();
            }
            try (RawPeer bad = bad(false)) {
                byte[] spareBitSet = new byte[bytes];
                spareBitSet[bytes - 1] = 0x01;
                bad.send(new PeerMessage.Bitfield(spareBitSet));
                assertThat(bad.closedByServer()).isTrue();
            }
            assertThat(seed.listener.disconnects(DisconnectReason.INVALID_BITFIELD))
                    .isEqualTo(2);
        });
    }

    @Test
    void aHaveForAPieceBeyondTheTorrentDisconnects() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = bad(true)) {
                bad.send(new PeerMessage.Have(torrent.pieceCount()));
                assertThat(bad.closedByServer()).isTrue();
            }
            assertThat(seed.listener.disconnects(DisconnectReason.INVALID_HAVE)).isEqualTo(1);
        });
    }

    @Test
    void haveAllFromAPeerWithoutTheFastExtensionDisconnects() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer bad = bad(false)) {
                bad.send(PeerMessage.HaveAll.INSTANCE);
                assertThat(bad.closedByServer()).isTrue();
            }
            assertThat(seed.listener.disconnects(DisconnectReason.INVALID_BITFIELD))
                    .isEqualTo(1);
        });
    }

    @Test
    void aPeerThatTellsWhatItHasAndChokesUsStaysConnected() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer leecher = bad(true)) {
                BitSet some = new BitSet();
                some.set(0, torrent.pieceCount() - 2);
                leecher.send(PeerMessage.Bitfield.of(some, torrent.pieceCount()));
                leecher.send(new PeerMessage.Have(torrent.pieceCount() - 2));
                leecher.send(new PeerMessage.AllowedFast(2));
                leecher.send(PeerMessage.Unchoke.INSTANCE);
                leecher.send(PeerMessage.Choke.INSTANCE);
                assertThat(leecher.stillOpenAfter(200)).isTrue();
            }
            assertThat(seed.listener.disconnects)
                    .doesNotContainKeys(DisconnectReason.INVALID_BITFIELD, DisconnectReason.INVALID_HAVE);
        });
    }

    @Test
    void aPeerThatCompletesWhileConnectedToOurSeedIsDisconnectedAsUploadOnlyNotAsAnOffence() throws Exception {
        whileAGoodPeerDownloads(() -> {
            try (RawPeer other = bad(true)) {
                BitSet some = new BitSet();
                some.set(0, torrent.pieceCount() - 1);
                other.send(PeerMessage.Bitfield.of(some, torrent.pieceCount()));
                assertThat(other.stillOpenAfter(200))
                        .as("one piece short of a seed")
                        .isTrue();
                other.send(new PeerMessage.Have(torrent.pieceCount() - 1));
                assertThat(other.closedByServer()).isTrue();
            }
            try (RawPeer seedToo = bad(true)) {
                seedToo.send(PeerMessage.HaveAll.INSTANCE);
                assertThat(seedToo.closedByServer()).isTrue();
            }
            assertThat(seed.listener.disconnects(DisconnectReason.UPLOAD_ONLY)).isEqualTo(2);
            assertThat(DisconnectReason.UPLOAD_ONLY.offence()).isFalse();
        });
    }
}

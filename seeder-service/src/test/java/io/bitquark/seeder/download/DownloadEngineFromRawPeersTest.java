package io.bitquark.seeder.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.seeder.config.SeederConfig;
import io.bitquark.seeder.interop.SeederApi;
import io.bitquark.seeder.interop.SeederDirectories;
import io.bitquark.seeder.torrent.TorrentSession;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The download engine as the peers it downloads from see it. Raw seeds ({@link RawSeed}) on real sockets serve a
 * generated torrent to the running service, which dials them once they are given to it through the API; what each
 * seed received (requests, cancels, how many it held at once) is checked against what the engine promises.
 */
@QuarkusTest
@WithTestResource(SeederDirectories.class)
class DownloadEngineFromRawPeersTest {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final String BANNED = "bitquark_seeder_peers_disconnected_total";

    @Inject
    SeederConfig config;

    @Inject
    TorrentSession session;

    /**
     * To a fast peer, the requests outstanding reach the lesser of {@value RequestDepth#MAX_DEPTH} and the
     * {@code reqq} of its extended handshake, and never go past it. The seed answers each request 50 ms after it
     * arrived, pipelined: a long link, whose bandwidth-delay product is the depth itself. Slow start adds a request
     * for each block that arrives, so the depth doubles every round trip, 2, 4, ... 256 and then the cap: 300 after
     * 8 round trips, 500 after 9, about 810 and 1010 blocks (13 and 16 MiB) asked for by then. At the cap each round
     * trip carries the cap's worth of blocks (4.7 and 7.8 MiB) and slow start ends, with 3 s of that rate, far more
     * than the cap, as the depth: 128 MiB leaves more than a dozen round trips at the cap, through which the seed
     * must never hold more.
     */
    @ParameterizedTest(name = "reqq {0}: at most {1} outstanding")
    @CsvSource({"300, 300", "2000, 500"})
    void toAFastPeerTheOutstandingRequestsReachTheLesserOf500AndItsReqq(int reqq, int depth) throws Exception {
        GeneratedTorrent torrent = GeneratedTorrent.of("depth reqq " + reqq + ".bin", 128L * MIB, 256 * KIB, reqq);
        try (RawSeed seed = RawSeed.of(torrent)
                .reqq(reqq)
                .answerAfter(Duration.ofMillis(50))
                .start()) {
            String id = RawSeeds.download(torrent);
            RawSeeds.givePeers(id, seed);

            SeederApi.awaitState(id, "seeding");
            assertThat(seed.maxOutstanding())
                    .as("the most requests the seed held at once")
                    .isEqualTo(depth);
            assertThat(seed.requests()).as("every block asked for once").hasSize(torrent.blockCount());
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getLong("downloaded")).isEqualTo(torrent.length());
            assertThat(after.getLong("wastedBytes")).isZero();
        }
    }

    /**
     * After the first {@value PiecePicker#INITIAL_RANDOM} pieces, which are picked at random (libtorrent's
     * {@code initial_picker_threshold}), rarest first: seed A has every piece and seed B the even ones only, so
     * the odd pieces have availability 1 and the even ones 2. From the moment A is told of our fourth verified
     * piece (by {@code have}; the pick that followed it was made in rarest-first time), A is not asked to start an
     * even piece (block 0 of it: a piece's blocks are handed out in order, so whoever starts a piece is asked for
     * its block 0) before it has been asked to start every odd piece. Blocks of even pieces B started may go to A
     * meanwhile (started pieces are finished first), and so may the last blocks in endgame; neither begins a piece.
     * The even pieces are B's alone to start, and it does.
     */
    @Test
    void afterTheFirstFourPiecesTheRarestPiecesAreStartedFirst() throws Exception {
        GeneratedTorrent torrent = GeneratedTorrent.of("rarest first.bin", 16L * MIB, 64 * KIB, 2);
        int pieces = torrent.pieceCount();
        BitSet even = new BitSet();
        for (int p = 0; p < pieces; p += 2) {
            even.set(p);
        }
        try (RawSeed a = RawSeed.of(torrent).holdingUnchoke().start();
                RawSeed b = RawSeed.of(torrent).pieces(even).holdingUnchoke().start()) {
            String id = RawSeeds.download(torrent);
            RawSeeds.givePeers(id, a, b);
            // both bitfields counted (each seed is told we are interested) before either serves
            a.awaitInterested();
            b.awaitInterested();
            a.unchoke();
            b.unchoke();
            SeederApi.awaitState(id, "seeding");

            List<PeerMessage> atA = a.received();
            int fourthHave = indexOfHave(atA, PiecePicker.INITIAL_RANDOM);
            Set<Integer> oddStarted = new HashSet<>();
            int oddStartedLater = 0;
            for (int i = 0; i < atA.size(); i++) {
                if (!(atA.get(i) instanceof PeerMessage.Request r) || r.begin() != 0) {
                    continue;
                }
                if (r.pieceIndex() % 2 == 1) {
                    oddStarted.add(r.pieceIndex());
                    oddStartedLater += i > fourthHave ? 1 : 0;
                } else if (i > fourthHave) {
                    assertThat(oddStarted)
                            .as(
                                    "odd pieces (availability 1) started at A before it was asked to start even "
                                            + "piece %d (availability 2)",
                                    r.pieceIndex())
                            .hasSize(pieces / 2);
                }
            }
            assertThat(oddStarted).hasSize(pieces / 2);
            assertThat(oddStartedLater)
                    .as("odd pieces started in rarest-first time, so that the check above is not idle")
                    .isGreaterThanOrEqualTo(pieces / 4);
            assertThat(b.requests()).extracting(PeerMessage.Request::pieceIndex).allMatch(p -> p % 2 == 0);
        }
    }

    private static int indexOfHave(List<PeerMessage> messages, int nth) {
        int seen = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof PeerMessage.Have && ++seen == nth) {
                return i;
            }
        }
        throw new AssertionError("fewer than " + nth + " have messages: " + seen);
    }

    /**
     * Endgame: when every block has been asked for and only the last one is still outstanding, at a slow peer, it
     * is asked of a faster peer too; once it arrives from the faster one, a {@code cancel} for it reaches the slow
     * one, which never sends it. The slow seed has only the last piece, one short block, and takes 30 s to answer;
     * the fast seed, every piece, and it unchokes us only once the slow one holds the last block.
     */
    @Test
    void theLastBlockIsAskedOfASecondPeerAndCancelledAtTheSlowOneOnceItArrives() throws Exception {
        GeneratedTorrent torrent = GeneratedTorrent.of("endgame.bin", 15L * 64 * KIB + 10_000, 64 * KIB, 3);
        int last = torrent.pieceCount() - 1;
        PeerMessage.Request lastBlock = new PeerMessage.Request(last, 0, 10_000);
        BitSet onlyLast = new BitSet();
        onlyLast.set(last);
        try (RawSeed slow = RawSeed.of(torrent)
                        .pieces(onlyLast)
                        .answerAfter(Duration.ofSeconds(30))
                        .start();
                RawSeed fast = RawSeed.of(torrent).holdingUnchoke().start()) {
            String id = RawSeeds.download(torrent);
            RawSeeds.givePeers(id, slow, fast);
            await().atMost(Duration.ofSeconds(30)).until(() -> slow.requests().contains(lastBlock));
            fast.awaitGreeted();
            fast.unchoke();

            SeederApi.awaitState(id, "seeding");
            await().atMost(Duration.ofSeconds(30)).until(() -> !slow.cancels().isEmpty());
            assertThat(slow.requests()).containsExactly(lastBlock);
            assertThat(slow.cancels()).containsExactly(new PeerMessage.Cancel(last, 0, 10_000));
            assertThat(slow.answered()).as("blocks the slow seed sent").isEmpty();
            assertThat(fast.requests())
                    .as("the fast seed is asked for every block once, the last block last")
                    .doesNotHaveDuplicates()
                    .hasSize(torrent.blockCount())
                    .last()
                    .isEqualTo(lastBlock);
            assertThat(SeederApi.torrent(id).getLong("wastedBytes")).isZero();
        }
    }

    /**
     * Smart ban end to end: a peer that claims every piece and corrupts each block it sends of some pieces, next to
     * an honest seed, is proven bad in two pieces and disconnected as banned; the honest seed, whose blocks are in
     * every piece that failed, is never banned and stays connected; the download completes byte for byte.
     * {@code wastedBytes} counts each failed piece whole: at least two pieces (the liar's proofs) and a piece for
     * each time the honest seed had to send its blocks of a piece again (a block that arrived is only asked for
     * again when its piece fails), and no more than all the bytes received beyond the torrent's length.
     *
     * <p>The liar corrupts its blocks of the pieces {@code p % 4 == 1} that it was not asked to start: a piece's
     * blocks are handed out in order, so block 0 of each of those came from the honest seed, and a ban of every
     * sender of a failed piece would ban the honest seed too. The liar is on 127.0.0.2, so that the ban, which is by
     * address, tells the two apart. It allows 4 requests and answers each 10 ms late, the honest seed 16 and 20 ms.
     */
    @Test
    void aPeerSendingCorruptBlocksIsBannedWhileTheHonestSeedCompletesTheDownload() throws Exception {
        GeneratedTorrent torrent = GeneratedTorrent.of("smart ban.bin", 16L * MIB, 64 * KIB, 4);
        double bansBefore = RawSeeds.metric(BANNED, "reason=\"banned\"");
        RawSeed liar = RawSeed.of(torrent).at("127.0.0.2").reqq(4).answerAfter(Duration.ofMillis(10));
        liar.corrupting((piece, begin) -> piece % 4 == 1 && !liar.askedFor(piece, 0));
        try (RawSeed honest = RawSeed.of(torrent)
                        .reqq(16)
                        .answerAfter(Duration.ofMillis(20))
                        .start();
                liar) {
            liar.start();
            String id = RawSeeds.download(torrent);
            RawSeeds.givePeers(id, honest, liar);

            assertThat(liar.awaitClosedByService()).as("the liar disconnected").isTrue();
            TorrentDownload download = session.find(id).orElseThrow().download();
            assertThat(download.banned(InetAddress.getByName("127.0.0.2")))
                    .as("the liar banned")
                    .isTrue();
            assertThat(download.banned(InetAddress.getByName("127.0.0.1")))
                    .as("the honest seed banned")
                    .isFalse();
            assertThat(RawSeeds.metric(BANNED, "reason=\"banned\"") - bansBefore)
                    .as("peers disconnected as banned")
                    .isEqualTo(1.0);

            SeederApi.awaitState(id, "seeding");
            // once we are a seed too, the honest seed's connection may end as upload-only: never as banned
            assertThat(RawSeeds.metric(BANNED, "reason=\"banned\"") - bansBefore)
                    .as("peers disconnected as banned, once the download completed")
                    .isEqualTo(1.0);
            torrent.assertIsContentOf(
                    Path.of(config.dataRoot(), torrent.metainfo().name()));

            Set<Integer> corrupted = new HashSet<>();
            liar.corrupted().forEach(r -> corrupted.add(r.pieceIndex()));
            List<PeerMessage.Request> fromHonest = honest.answered();
            assertThat(corrupted)
                    .as("pieces the liar corrupted")
                    .hasSizeGreaterThanOrEqualTo(SmartBan.PROOFS_TO_BAN)
                    .allMatch(p -> fromHonest.contains(new PeerMessage.Request(p, 0, GeneratedTorrent.BLOCK)));
            int honestResent = resentPerPiece(fromHonest).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            JsonPath after = SeederApi.torrent(id);
            assertThat(after.getLong("downloaded")).isEqualTo(torrent.length());
            long sent = bytes(fromHonest) + bytes(liar.answered());
            assertThat(after.getLong("wastedBytes"))
                    .as(
                            "wasted bytes (%d blocks sent, %d corrupt)",
                            sent / GeneratedTorrent.BLOCK, liar.corrupted().size())
                    .isGreaterThanOrEqualTo(
                            (long) torrent.pieceLength() * Math.max(SmartBan.PROOFS_TO_BAN, honestResent))
                    .isLessThanOrEqualTo(sent - torrent.length());
        }
    }

    /** For each piece some of whose blocks were sent more than once: how many times more, at most, for one block. */
    private static Map<Integer, Integer> resentPerPiece(List<PeerMessage.Request> answered) {
        Map<PeerMessage.Request, Integer> times = new HashMap<>();
        answered.forEach(r -> times.merge(r, 1, Integer::sum));
        Map<Integer, Integer> resent = new HashMap<>();
        times.forEach((block, n) -> {
            if (n > 1) {
                resent.merge(block.pieceIndex(), n - 1, Math::max);
            }
        });
        return resent;
    }

    private static long bytes(List<PeerMessage.Request> blocks) {
        return blocks.stream().mapToLong(PeerMessage.Request::length).sum();
    }
}

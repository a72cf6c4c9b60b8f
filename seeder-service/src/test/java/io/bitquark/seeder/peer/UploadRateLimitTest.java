package io.bitquark.seeder.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.bitquark.protocol.peer.PeerMessage;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance check of the upload limits: leechers that request as fast as they can receive, on
 * average over 10 seconds, the configured rate within ±20 %. The bytes are counted where they arrive.
 */
class UploadRateLimitTest {

    private static final long MIB = 1024 * 1024;
    private static final long LIMIT = 4 * MIB;
    private static final long WARM_UP_MILLIS = 1_000;
    private static final long MEASURE_MILLIS = 10_000;

    @TempDir
    static Path dir;

    static FileTorrent first;
    static FileTorrent second;

    @BeforeAll
    static void torrents() throws Exception {
        first = FileTorrent.create(dir, "first.bin", 16 * MIB, 1024 * 1024, 31);
        second = FileTorrent.create(dir, "second.bin", 16 * MIB, 1024 * 1024, 32);
    }

    @AfterAll
    static void closeTorrents() throws Exception {
        first.close();
        second.close();
    }

    /** A leecher that requests the torrent's blocks round and round, 32 at a time, and counts what arrives. */
    private static final class GreedyLeecher implements AutoCloseable {
        final AtomicLong received = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final RawPeer peer;
        final CompletableFuture<Void> running;

        GreedyLeecher(int port, FileTorrent torrent) throws Exception {
            peer = Leech.unchoked(port, torrent, true);
            running = CompletableFuture.runAsync(() -> {
                try {
                    int blocksPerPiece = (int) (torrent.pieceLength(0) / Leech.BLOCK);
                    int blocks = torrent.pieceCount() * blocksPerPiece;
                    int next = 0;
                    for (int i = 0; i < 32; i++, next++) {
                        request(torrent, next % blocks, blocksPerPiece);
                    }
                    while (!stop.get()) {
                        received.addAndGet(peer.next(PeerMessage.Piece.class).blockLength());
                        request(torrent, next++ % blocks, blocksPerPiece);
                    }
                } catch (Exception e) {
                    if (!stop.get()) {
                        throw new AssertionError(e);
                    }
                }
            });
        }

        private void request(FileTorrent torrent, int block, int blocksPerPiece) throws Exception {
            peer.request(block / blocksPerPiece, block % blocksPerPiece * Leech.BLOCK, Leech.BLOCK);
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            peer.close();
            running.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        }
    }

    /** Bytes per second received by each leecher over {@link #MEASURE_MILLIS}, after a warm-up. */
    private static double[] measure(GreedyLeecher... leechers) throws InterruptedException {
        Thread.sleep(WARM_UP_MILLIS);
        long[] start = new long[leechers.length];
        for (int i = 0; i < leechers.length; i++) {
            start[i] = leechers[i].received.get();
        }
        long began = System.nanoTime();
        Thread.sleep(MEASURE_MILLIS);
        double seconds = (System.nanoTime() - began) / 1e9;
        double[] rates = new double[leechers.length];
        for (int i = 0; i < leechers.length; i++) {
            rates[i] = (leechers[i].received.get() - start[i]) / seconds;
            assertThat(leechers[i].running).as("leecher %d still running", i).isNotCompletedExceptionally();
        }
        return rates;
    }

    /** The rates two greedy leechers, one on each torrent, receive under {@code choking}. */
    private static double[] ratesOfOneLeecherPerTorrent(TestConfigs.Choking choking) throws Exception {
        try (Seed seed = new Seed(new TestConfigs.Peer(), choking, first, second);
                GreedyLeecher a = new GreedyLeecher(seed.port, first);
                GreedyLeecher b = new GreedyLeecher(seed.port, second)) {
            return measure(a, b);
        }
    }

    @Test
    void theGlobalLimitHoldsForTheSumOfTwoTorrentsWithinTwentyPercent() throws Exception {
        TestConfigs.Choking choking = new TestConfigs.Choking();
        choking.uploadRateLimit = LIMIT;
        double[] rates = ratesOfOneLeecherPerTorrent(choking);
        assertThat(rates[0] + rates[1]).isCloseTo(LIMIT, within(0.2 * LIMIT));
    }

    @Test
    void eachTorrentsLimitHoldsOnItsOwnWithinTwentyPercent() throws Exception {
        first.rateLimits().set(LIMIT, 0, System.nanoTime());
        second.rateLimits().set(LIMIT, 0, System.nanoTime());
        try {
            double[] rates = ratesOfOneLeecherPerTorrent(new TestConfigs.Choking());
            assertThat(rates[0]).isCloseTo(LIMIT, within(0.2 * LIMIT));
            assertThat(rates[1]).isCloseTo(LIMIT, within(0.2 * LIMIT));
        } finally {
            first.rateLimits().set(0, 0, System.nanoTime());
            second.rateLimits().set(0, 0, System.nanoTime());
        }
    }
}

package io.bitquark.seeder.download;

import io.bitquark.seeder.announce.RetryBackoff;
import io.bitquark.seeder.rate.Throttle;
import io.vertx.core.Context;
import java.util.BitSet;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * One web seed of a downloading torrent (BEP 19 {@code url-list} or BEP 17 {@code httpseeds}): a source that claims
 * whole pieces from the torrent's {@link TorrentDownload}, fetches them over HTTP ({@link WebSeedClient}) and hands
 * them to the same verification as a peer's blocks.
 *
 * <pre>
 * claim a piece  ---&gt;  GET its ranges  ---&gt; bytes: verified like a peer's ---&gt; pass: counted to this seed
 *     ^                      |                                            \--&gt; fail: the piece is not asked of
 *     |                      v                                                  this seed again; a failure
 *     +--- backed off &lt;--- error (404, 5xx, wrong length, redirect loop, timeout): the piece is open again
 * </pre>
 *
 * <p>Up to {@code connections} pieces are fetched at once. A piece's buffer counts towards the unverified bytes in
 * memory ({@link DownloadBudget}) while it is fetched, and nothing is claimed while they are at their bound. Each chunk
 * that arrives is charged to the download limits (the process-wide one and the torrent's, as a peer's blocks are):
 * while one is spent, the response is paused and nothing new is claimed. After a failure (an error or a piece that failed its hash)
 * nothing new is claimed until the backoff has passed: {@link RetryBackoff}, doubling with each failure in a row; after
 * {@code maxFailures} in a row the seed is dropped, its last error kept for the API. A verified piece ends a run of
 * failures. Everything runs on the seed's event-loop context; the download calls {@link #wake}, {@link #stop},
 * {@link #pieceVerified} and {@link #pieceFailed} from anywhere, and they hop to it.
 */
final class WebSeed implements DownloadSource {

    private static final Logger LOG = Logger.getLogger(WebSeed.class);

    /** How a web seed fetches and when it is given up on. */
    record Policy(int connections, RetryBackoff backoff, int maxFailures) {}

    private final WebSeedRequests requests;
    private final TorrentDownload download;
    private final WebSeedClient client;
    private final Context context;
    private final Policy policy;
    private final Throttle throttle;
    private final LongAdder downloaded = new LongAdder();
    private final Runnable wakeUp = this::wake;

    /** Pieces this seed sent that failed their hash, never asked of it again; under the download's lock. */
    private final BitSet distrusted = new BitSet();

    // on the context only

    private int fetching;
    private long retryTimer = -1;
    private long rateTimer = -1;
    private boolean stopped;

    private volatile WebSeedStatus.State state = WebSeedStatus.State.IDLE;
    private volatile int failures;
    private volatile String error;

    WebSeed(
            WebSeedRequests requests,
            TorrentDownload download,
            WebSeedClient client,
            Context context,
            Policy policy,
            Throttle throttle) {
        this.throttle = throttle;
        this.requests = requests;
        this.download = download;
        this.client = client;
        this.context = context;
        this.policy = policy;
    }

    /** Joins the download and starts fetching. */
    void start() {
        download.webSeedJoined(this);
        wake();
    }

    /** Pieces may be open again (one failed, was lost, or a source gave it up): claims what it can. */
    void wake() {
        context.runOnContext(v -> fill());
    }

    /** The download ended: nothing more is claimed; fetches under way are dropped when they end. */
    void stop() {
        context.runOnContext(v -> {
            if (state != WebSeedStatus.State.DROPPED) {
                state = WebSeedStatus.State.STOPPED;
            }
            stopped = true;
            cancelRetry();
            if (rateTimer >= 0) {
                context.owner().cancelTimer(rateTimer);
                rateTimer = -1;
            }
        });
    }

    private void fill() {
        if (stopped || retryTimer >= 0 || rateTimer >= 0) {
            return;
        }
        long wait = throttle.delayNanos(System.nanoTime());
        if (wait > 0) { // a download limit is spent: nothing new is claimed until it holds tokens again
            rateTimer = context.owner().setTimer(Math.max(1, wait / 1_000_000L), id -> {
                rateTimer = -1;
                fill();
            });
            return;
        }
        while (fetching < policy.connections()) {
            int piece = download.claim(this, p -> !distrusted.get(p));
            if (piece < 0) {
                break;
            }
            fetching++;
            fetch(piece);
        }
        state = fetching > 0 ? WebSeedStatus.State.DOWNLOADING : WebSeedStatus.State.IDLE;
        if (fetching == 0 && download.budget().overLimit()) {
            download.budget().whenFree(wakeUp); // claim() refuses while the unverified bytes are at their bound
        }
    }

    private void fetch(int piece) {
        int length = download.pieceLength(piece);
        byte[] bytes = new byte[length];
        download.budget().reserve(length); // the piece's bytes are unverified bytes in memory from the first chunk
        client.fetch(requests.piece(piece, download.pieceStart(piece), length), bytes, throttle)
                .onComplete(done -> {
                    fetching--;
                    download.budget().release(length); // the assembly holds its own reservation from here
                    if (done.succeeded()) {
                        download.webPiece(this, piece, bytes);
                        fill();
                    } else {
                        download.webPieceAbandoned(this, piece);
                        failed("piece " + piece + ": " + WebSeedException.describe(done.cause()));
                    }
                });
    }

    private void failed(String reason) {
        if (stopped) {
            return;
        }
        error = reason;
        int inARow = ++failures;
        if (inARow >= policy.maxFailures()) {
            LOG.infof("web seed %s dropped after %d failures in a row: %s", requests.url, inARow, reason);
            state = WebSeedStatus.State.DROPPED;
            stopped = true;
            cancelRetry();
            download.webSeedLeft(this);
            return;
        }
        LOG.debugf("web seed %s: %s", requests.url, reason);
        state = WebSeedStatus.State.BACKING_OFF;
        cancelRetry();
        long delay = Math.max(1, policy.backoff().delay(inARow).toMillis());
        retryTimer = context.owner().setTimer(delay, id -> {
            retryTimer = -1;
            fill();
        });
    }

    private void cancelRetry() {
        if (retryTimer >= 0) {
            context.owner().cancelTimer(retryTimer);
            retryTimer = -1;
        }
    }

    /** A piece it sent passed its hash (called from a worker). */
    void pieceVerified(int bytes) {
        downloaded.add(bytes);
        context.runOnContext(v -> {
            if (state != WebSeedStatus.State.DROPPED) { // a dropped seed keeps the reason it was dropped for
                failures = 0;
                error = null;
            }
        });
    }

    /** A piece it sent failed its hash: it is not asked for that piece again (under the download's lock). */
    void distrust(int piece) {
        distrusted.set(piece);
    }

    /** A piece it sent failed its hash (called from a worker): a failure. */
    void pieceFailed(int piece) {
        context.runOnContext(v -> failed("piece " + piece + " failed its hash check"));
    }

    /** A peer sent a block of a piece this seed fetches: the whole piece comes anyway, the block is redundant. */
    @Override
    public void cancel(int piece, int begin, int length) {}

    WebSeedStatus status() {
        return new WebSeedStatus(requests.url, requests.type(), state, downloaded.sum(), failures, error);
    }
}

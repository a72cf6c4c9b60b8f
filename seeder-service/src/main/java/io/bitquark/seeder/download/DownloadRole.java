package io.bitquark.seeder.download;

import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireException;
import io.bitquark.seeder.peer.DisconnectReason;
import io.bitquark.seeder.peer.PeerLink;
import io.bitquark.seeder.peer.PeerRole;
import io.bitquark.seeder.rate.Throttle;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What one peer offers us, and, while its torrent downloads, the requests we keep outstanding at it:
 *
 * <pre>
 * bitfield | have all | have none, then have ...   which pieces it has: {@link PeerPieces}, counted by the picker
 *                                                  -&gt; interested / not interested, as it has pieces we lack
 * choke, unchoke                                   whether it lets us request (connections start choked, BEP 3);
 *                                                  a choke without BEP 6 drops every request outstanding
 * allowed fast                                     pieces we may request even while choked (BEP 6)
 * extended handshake reqq                          the bound of its {@link RequestDepth} (BEP 10)
 * piece                                            answers a request: to the torrent's {@link TorrentDownload};
 *                                                  the queue is filled again to its depth
 * reject request                                   the block is open again (BEP 6)
 * </pre>
 *
 * <p>The queue's depth follows the peer's measured rate ({@link RequestDepth}). A peer that sends no block for the
 * snub timeout while requests wait is snubbed: its requests go back to the picker (and are cancelled here), and it
 * is asked for one block at a time until one arrives.
 *
 * <p>Reading from the socket stops while the torrent's unverified bytes are at their bound ({@link DownloadBudget})
 * and while a download rate limit is spent: each block received is charged to the process-wide and the torrent's
 * limits, and a timer resumes reading once both hold tokens again, so TCP slows the peer down.
 *
 * <p>When the peer and we both have every piece, the connection is closed ({@link DisconnectReason#UPLOAD_ONLY}).
 *
 * <p>A bitfield that does not fit the torrent, a {@code have} beyond it, or a {@code have all} / {@code have none}
 * from a peer without BEP 6 ends this connection only. Every call is made on the connection's event loop, except
 * {@link #cancel}, {@link #refill} and {@link #banned}, which the torrent's download calls from anywhere and which
 * hop to it.
 */
public final class DownloadRole implements PeerRole, DownloadSource {

    private static final Logger LOG = Logger.getLogger(DownloadRole.class);

    private final PeerLink link;
    private final TorrentDownload download;
    private final long snubNanos;
    private final Throttle throttle;
    private final PeerPieces pieces;
    private final BitSet allowedFast = new BitSet();
    private final RequestDepth depth = new RequestDepth();
    /** Our requests not yet answered, oldest first, by {@code piece << 32 | begin}. */
    private final Map<Long, PeerMessage.Request> outstanding = new LinkedHashMap<>();

    private final List<PeerMessage.Request> picked = new ArrayList<>();
    private boolean choking = true;
    private boolean interested;
    private boolean joined;
    /** Reading stopped because the unverified bytes in memory reached their bound. */
    private boolean pausedForMemory;
    /** Reading stopped because a download rate limit is spent; a timer resumes it. */
    private boolean pausedForRate;

    private boolean readingPaused;
    /** What the picker was told this peer has: every piece ({@code have all}), or these, one by one. */
    private boolean countedSeed;

    private final BitSet counted = new BitSet();
    private long lastBlockAt;
    private long received;

    /**
     * @param download the torrent's download, or null when it does not download (a seed only follows what the
     *                 peer has)
     * @param throttle the download limits (process-wide and the torrent's) that received blocks are charged to
     */
    public DownloadRole(PeerLink link, TorrentDownload download, long snubNanos, Throttle throttle) {
        this.link = link;
        this.download = download;
        this.snubNanos = snubNanos;
        this.throttle = throttle;
        this.pieces = new PeerPieces(link.torrent().pieceCount());
    }

    @Override
    public void opened() {
        if (download != null) {
            joined = download.joined(this);
            if (!joined) {
                link.close(DisconnectReason.BANNED);
            }
            lastBlockAt = System.nanoTime();
        }
    }

    @Override
    public void peerExtended(ExtendedHandshake theirs) {
        depth.peerLimit(theirs.requestQueueLength().orElse(0));
    }

    @Override
    public boolean received(PeerMessage message) {
        if (message instanceof PeerMessage.Piece piece) {
            pieceReceived(piece);
        } else if (message instanceof PeerMessage.Bitfield bitfield) {
            bitfieldReceived(bitfield);
        } else if (message instanceof PeerMessage.Have have) {
            haveReceived(have.pieceIndex());
        } else if (message instanceof PeerMessage.HaveAll || message instanceof PeerMessage.HaveNone) {
            if (!link.fast()) {
                // BEP 6: with the fast extension off, a peer receiving have all or have none must close.
                link.close(DisconnectReason.INVALID_BITFIELD);
                return true;
            }
            if (message instanceof PeerMessage.HaveAll) {
                pieces.haveAll();
            } else {
                pieces.haveNone();
            }
            recount();
            closeIfBothSeeds();
        } else if (message instanceof PeerMessage.Choke) {
            choking = true;
            if (!link.fast()) {
                abandonAll(false); // BEP 3: a choke discards every request; with BEP 6 each is rejected instead
            }
        } else if (message instanceof PeerMessage.Unchoke) {
            choking = false;
            fill();
        } else if (message instanceof PeerMessage.AllowedFast allowed) {
            if (allowed.pieceIndex() < pieces.pieceCount()) {
                allowedFast.set(allowed.pieceIndex());
                fill();
            }
        } else if (message instanceof PeerMessage.RejectRequest reject) {
            PeerMessage.Request request = outstanding.remove(key(reject.pieceIndex(), reject.begin()));
            if (request != null && joined) {
                download.abandoned(this, request.pieceIndex(), request.begin());
            }
        } else {
            return false;
        }
        return true;
    }

    private void bitfieldReceived(PeerMessage.Bitfield bitfield) {
        try {
            pieces.bitfield(bitfield);
        } catch (PeerWireException e) {
            LOG.debugf("peer %s: %s", link.remote(), e.getMessage());
            link.close(DisconnectReason.INVALID_BITFIELD);
            return;
        }
        recount();
        closeIfBothSeeds();
    }

    private void haveReceived(int piece) {
        if (!pieces.have(piece)) {
            LOG.debugf("peer %s: have %d beyond %d pieces", link.remote(), piece, pieces.pieceCount());
            link.close(DisconnectReason.INVALID_HAVE);
            return;
        }
        if (closeIfBothSeeds()) {
            return;
        }
        if (!joined || countedSeed || counted.get(piece)) {
            return;
        }
        counted.set(piece);
        download.gotHave(piece);
        if (!interested && download.wants(piece)) {
            interested(true);
        }
    }

    /** Tells the picker what the peer has now, in place of what it was told before. */
    private void recount() {
        if (!joined) {
            return;
        }
        BitSet now = pieces.complete() ? new BitSet() : pieces.snapshot();
        download.recount(this, countedSeed, counted, pieces.complete(), now);
        countedSeed = pieces.complete();
        counted.clear();
        counted.or(now);
        interested(download.wantsAny(pieces::has, pieces.pieceCount()));
    }

    private void interested(boolean want) {
        if (want == interested) {
            return;
        }
        interested = want;
        link.send(want ? PeerMessage.Interested.INSTANCE : PeerMessage.NotInterested.INSTANCE);
        if (want) {
            fill();
        }
    }

    private void pieceReceived(PeerMessage.Piece piece) {
        PeerMessage.Request request = outstanding.remove(key(piece.pieceIndex(), piece.begin()));
        if (!joined) {
            return;
        }
        if (request == null || !piece.answers(request)) {
            // not asked of this peer (or cancelled meanwhile): counted as redundant, never assembled
            download.unrequested(piece.blockLength());
            return;
        }
        long now = System.nanoTime();
        lastBlockAt = now;
        received += piece.blockLength();
        depth.received(piece.blockLength());
        download.block(this, piece);
        throttle.take(piece.blockLength(), now);
        if (download.budget().overLimit() && !pausedForMemory) {
            pausedForMemory = true;
            download.budget().whenFree(() -> link.context().runOnContext(v -> {
                pausedForMemory = false;
                updateReading();
            }));
        }
        if (!pausedForRate) {
            waitForRate(now);
        }
        updateReading();
        fill();
    }

    /**
     * Stops reading while a download limit is spent, and re-arms a timer until it is not: the limits are shared
     * with other connections, which may spend what accrued meanwhile.
     */
    private void waitForRate(long now) {
        long delay = throttle.delayNanos(now);
        pausedForRate = delay > 0;
        if (pausedForRate) {
            link.context().owner().setTimer(Math.max(1, delay / 1_000_000L), id -> {
                waitForRate(System.nanoTime());
                updateReading();
            });
        }
    }

    /** Reads from the socket exactly when neither the memory bound nor a rate limit holds it back. */
    private void updateReading() {
        boolean pause = pausedForMemory || pausedForRate;
        if (pause == readingPaused) {
            return;
        }
        readingPaused = pause;
        if (pause) {
            link.pauseReading();
        } else {
            link.resumeReading();
        }
    }

    /** Asks for blocks until the queue holds its depth, when the peer lets us and has something we want. */
    private void fill() {
        if (!joined || !interested) {
            return;
        }
        int room = depth.depth() - outstanding.size();
        if (room <= 0) {
            return;
        }
        picked.clear();
        if (choking) {
            if (allowedFast.isEmpty()) {
                return;
            }
            download.pick(this, p -> allowedFast.get(p) && pieces.has(p), room, picked);
        } else {
            download.pick(this, pieces::has, room, picked);
        }
        for (PeerMessage.Request request : picked) {
            outstanding.put(key(request.pieceIndex(), request.begin()), request);
            link.send(request);
        }
        if (picked.isEmpty() && outstanding.isEmpty() && !download.wantsAny(pieces::has, pieces.pieceCount())) {
            interested(false);
        }
    }

    /** Gives every outstanding request back to the picker; {@code cancel} also tells the peer. */
    private void abandonAll(boolean cancel) {
        for (PeerMessage.Request r : outstanding.values()) {
            if (joined) {
                download.abandoned(this, r.pieceIndex(), r.begin());
            }
            if (cancel) {
                link.send(new PeerMessage.Cancel(r.pieceIndex(), r.begin(), r.length()));
            }
        }
        outstanding.clear();
    }

    /**
     * Ends the connection when both ends have every piece: it serves neither (libtorrent closes such "upload to
     * upload" connections too). Checked as the peer's pieces change and on each tick, which also ends the
     * connections to seeds once our own download completes.
     */
    private boolean closeIfBothSeeds() {
        if (pieces.complete() && link.torrent().complete()) {
            link.close(DisconnectReason.UPLOAD_ONLY);
            return true;
        }
        return false;
    }

    @Override
    public void tick(long now, long elapsedNanos) {
        if (closeIfBothSeeds() || !joined) {
            return;
        }
        depth.tick(elapsedNanos);
        if (!outstanding.isEmpty() && !depth.snubbed() && now - lastBlockAt >= snubNanos) {
            LOG.debugf("peer %s snubbed us: no block for %d s", link.remote(), snubNanos / 1_000_000_000L);
            depth.snub();
            abandonAll(true);
        }
        fill();
    }

    @Override
    public void closed() {
        if (joined) {
            joined = false;
            download.left(this, new ArrayList<>(outstanding.values()), countedSeed, counted);
        }
        outstanding.clear();
    }

    // ---- called by the torrent's download, from any thread

    /** Another peer sent a block we also asked of this one: cancel it here. */
    @Override
    public void cancel(int piece, int begin, int length) {
        link.context().runOnContext(v -> {
            if (outstanding.remove(key(piece, begin)) != null) {
                link.send(new PeerMessage.Cancel(piece, begin, length));
                fill();
            }
        });
    }

    /** Blocks became open again (a piece failed its hash): ask for more. */
    void refill() {
        link.context().runOnContext(v -> fill());
    }

    /** This peer's address is banned for bad data. */
    void banned() {
        link.context().runOnContext(v -> link.close(DisconnectReason.BANNED));
    }

    InetAddress address() {
        return link.address();
    }

    private static long key(int piece, int begin) {
        return ((long) piece << 32) | (begin & 0xffffffffL);
    }

    // ---- what the API shows

    /** The pieces the peer has. */
    public PeerPieces pieces() {
        return pieces;
    }

    /** Whether the peer chokes us. */
    public boolean choking() {
        return choking;
    }

    /** Whether we are interested in the peer's pieces. */
    public boolean interested() {
        return interested;
    }

    /** Whether the peer lets us request piece {@code index} while it chokes us (BEP 6 allowed fast). */
    public boolean allowedFast(int index) {
        return allowedFast.get(index);
    }

    /** How many requests to keep outstanding at the peer, within its {@code reqq}. */
    public RequestDepth requestDepth() {
        return depth;
    }

    /** Whether the peer is snubbed: it left our requests unanswered for the snub timeout. */
    public boolean snubbed() {
        return depth.snubbed();
    }

    /** Payload bytes received from the peer for our requests. */
    public long downloaded() {
        return received;
    }

    /** The peer's rate as the request queue measures it, in bytes per second. */
    public long downloadRate() {
        return depth.rate();
    }
}

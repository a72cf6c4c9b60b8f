package io.bitquark.seeder.upload;

import io.bitquark.protocol.peer.AllowedFastSet;
import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.UtMetadataMessage;
import io.bitquark.seeder.config.PeerWireConfig;
import io.bitquark.seeder.peer.DisconnectReason;
import io.bitquark.seeder.peer.PeerLink;
import io.bitquark.seeder.peer.PeerRole;
import io.bitquark.seeder.peer.PieceUnavailableException;
import io.bitquark.seeder.peer.RejectReason;
import io.bitquark.seeder.peer.ServedTorrent;
import io.netty.buffer.ByteBuf;
import org.jboss.logging.Logger;

/**
 * Serving one peer, seen from a seed:
 *
 * <pre>
 * peer                                  us
 *                              &lt;------  (greeting) have all | have none | bitfield, allowed fast ({@link UploadGreeting})
 * interested                   ------&gt;  the torrent's choker decides: unchoke
 * request ...                  ------&gt;  {@link RequestPolicy}: serve, reject (BEP 6), ignore or disconnect
 *                              &lt;------  piece ... (read on worker threads, {@link BlockUploader})
 * cancel                       ------&gt;  a waiting request removed (BEP 6: rejected)
 * ut_metadata request          ------&gt;  the info dictionary, 16 KiB at a time ({@link MetadataResponder})
 * hash request (BEP 52)        ------&gt;  hashes of a piece layer with their proof, or hash reject ({@link HashResponder})
 *                              &lt;------  have, when a piece becomes available
 * </pre>
 *
 * <p>It is the peer as its torrent's {@link Choker} sees it, and the {@code reqq} and {@code ut_metadata} of our
 * extended handshake are its. Every call is made on the connection's event loop.
 */
public final class UploadRole implements PeerRole, Chokeable, RequestPolicy.Peer, BlockUploader.Sink {

    private static final Logger LOG = Logger.getLogger(UploadRole.class);
    /** The id under which we want to receive {@code ut_metadata} messages (our {@code m} dictionary). */
    static final int UT_METADATA_ID = 1;

    private final PeerLink link;
    private final ServedTorrent torrent;
    private final TorrentUpload swarm;
    private final RequestPolicy policy;
    private final PeerWireConfig config;
    private final BlockUploader uploader;
    private final HashResponder hashes;
    private AllowedFastSet allowedFast;
    private boolean open;
    private int peerMetadataId;
    private int ignoredRequests;
    private long rateMark;
    private volatile boolean choked = true;
    private volatile boolean interested;
    private volatile long uploaded;
    private volatile long uploadRate;

    UploadRole(PeerLink link, TorrentUpload swarm, RequestPolicy policy, PeerWireConfig config) {
        this.link = link;
        this.torrent = link.torrent();
        this.swarm = swarm;
        this.policy = policy;
        this.config = config;
        this.uploader = new BlockUploader(torrent, link.context(), swarm.throttle(), this);
        this.hashes = new HashResponder(link, torrent);
    }

    // ---- the session's calls

    @Override
    public void extend(ExtendedHandshake.Builder ours) {
        ours.extension(UtMetadataMessage.EXTENSION_NAME, UT_METADATA_ID)
                .requestQueueLength(config.maxOutstandingRequests())
                .metadataSize(torrent.infoBytes().length);
    }

    @Override
    public void opened() {
        open = true;
        allowedFast = UploadGreeting.send(link, config.allowedFastCount());
        swarm.choker().peerAdded(this);
    }

    @Override
    public void peerExtended(ExtendedHandshake theirs) {
        peerMetadataId = theirs.extensionId(UtMetadataMessage.EXTENSION_NAME).orElse(0);
    }

    @Override
    public boolean received(PeerMessage message) {
        if (message instanceof PeerMessage.Request request) {
            requested(request);
        } else if (message instanceof PeerMessage.Cancel cancel) {
            if (uploader.cancel(cancel) && link.fast()) {
                link.send(new PeerMessage.RejectRequest(cancel.pieceIndex(), cancel.begin(), cancel.length()));
            }
        } else if (message instanceof PeerMessage.Interested) {
            interestChanged(true);
        } else if (message instanceof PeerMessage.NotInterested) {
            interestChanged(false);
        } else if (message instanceof PeerMessage.Extended extended && extended.extendedId() == UT_METADATA_ID) {
            metadataRequested(extended);
        } else if (message instanceof PeerMessage.HashRequest request) {
            hashes.requested(request);
        } else {
            return false;
        }
        return true;
    }

    /** The torrent's choker rechokes when one is due (the downloading choker has no timer of its own). */
    @Override
    public void tick(long now, long elapsedNanos) {
        swarm.tick(now);
    }

    @Override
    public void drained() {
        uploader.pump();
    }

    @Override
    public void closed() {
        open = false;
        uploader.close();
        hashes.close();
        swarm.choker().peerRemoved(this);
    }

    /** Sends {@code have} for a piece that became available (a partial seed finished verifying it). */
    public void have(int pieceIndex) {
        if (open) {
            link.send(new PeerMessage.Have(pieceIndex));
        }
    }

    /** Updates the upload rate from the bytes sent over the last {@code elapsedNanos}. */
    public void sampleRate(long elapsedNanos) {
        long total = uploaded;
        uploadRate = elapsedNanos <= 0 ? 0 : (total - rateMark) * 1_000_000_000L / elapsedNanos;
        rateMark = total;
    }

    /** Block bytes sent to this peer; may be read from any thread. */
    public long uploaded() {
        return uploaded;
    }

    /** Bytes per second sent to this peer over the last sample; may be read from any thread. */
    public long uploadRate() {
        return uploadRate;
    }

    // ---- what the peer asks

    private void requested(PeerMessage.Request request) {
        RequestPolicy.Verdict verdict = policy.judge(torrent, request, this);
        switch (verdict.action()) {
            case SERVE:
                uploader.add(request);
                break;
            case REJECT:
                rejected(request, verdict.rejectReason(), false);
                break;
            case IGNORE:
                link.listener().requestRejected(torrent, link.remote(), verdict.rejectReason());
                if (++ignoredRequests > config.maxOutstandingRequests()) {
                    link.close(DisconnectReason.TOO_MANY_REQUESTS);
                }
                break;
            default:
                link.close(verdict.disconnectReason());
        }
    }

    private void interestChanged(boolean nowInterested) {
        if (interested != nowInterested) {
            interested = nowInterested;
            swarm.choker().interestChanged(this);
        }
    }

    private void metadataRequested(PeerMessage.Extended message) {
        // A peer that does not read its answers gets none: its requests are dropped, never buffered.
        if (link.writeQueueFull()) {
            return;
        }
        PeerMessage.Extended answer = MetadataResponder.answer(message.payload(), torrent.infoBytes(), peerMetadataId);
        if (answer != null) {
            link.send(answer);
        }
    }

    /**
     * Refuses a request: a BEP 6 reject to a fast peer, nothing to another. A reject for an offence is skipped
     * while the socket is over its watermark, so a peer that sends bad requests and reads nothing cannot make us
     * buffer rejects without bound.
     */
    private void rejected(PeerMessage.Request request, RejectReason reason, boolean owed) {
        link.listener().requestRejected(torrent, link.remote(), reason);
        if (link.fast() && (owed || !link.writeQueueFull())) {
            link.send(PeerMessage.RejectRequest.of(request));
        }
    }

    // ---- where blocks go

    @Override
    public boolean writeQueueFull() {
        return link.writeQueueFull();
    }

    @Override
    public void send(PeerMessage.Request request, ByteBuf block) {
        if (!open) {
            block.release();
            return;
        }
        int length = block.readableBytes();
        uploaded += length;
        torrent.uploaded(length);
        link.sendPiece(request.pieceIndex(), request.begin(), block);
    }

    @Override
    public void readFailed(PeerMessage.Request request, Throwable failure) {
        if (!open) {
            return;
        }
        if (!(failure instanceof PieceUnavailableException)) {
            LOG.warnf(
                    "reading piece %d of %s for %s failed: %s",
                    request.pieceIndex(), torrent.id(), link.remote(), failure.toString());
        }
        rejected(request, RejectReason.READ_FAILED, true);
    }

    // ---- choking

    @Override
    public boolean interested() {
        return interested;
    }

    @Override
    public boolean choked() {
        return choked;
    }

    @Override
    public long downloadRate() {
        return link.downloadRate();
    }

    /** Chokes the peer; called from another loop (a torrent's chokers are shared), it hops to the peer's. */
    @Override
    public void choke() {
        link.onLoop(this::chokeHere);
    }

    private void chokeHere() {
        if (choked || !open) {
            return;
        }
        choked = true;
        link.send(PeerMessage.Choke.INSTANCE);
        link.listener().chokeChanged(torrent, link.remote(), true);
        // BEP 3: a choke discards the peer's waiting requests; BEP 6: a fast peer is told so, one reject each,
        // and keeps the ones for allowed-fast pieces.
        for (PeerMessage.Request dropped : uploader.dropWaiting(this::allowedFast)) {
            rejected(dropped, RejectReason.CHOKED_WHILE_QUEUED, true);
        }
    }

    /** Unchokes the peer; called from another loop, it hops to the peer's. */
    @Override
    public void unchoke() {
        link.onLoop(this::unchokeHere);
    }

    private void unchokeHere() {
        if (!choked || !open) {
            return;
        }
        choked = false;
        ignoredRequests = 0;
        link.send(PeerMessage.Unchoke.INSTANCE);
        link.listener().chokeChanged(torrent, link.remote(), false);
        uploader.pump();
    }

    // ---- what the request policy asks

    @Override
    public boolean fast() {
        return link.fast();
    }

    @Override
    public boolean allowedFast(int pieceIndex) {
        return allowedFast != null && allowedFast.contains(pieceIndex);
    }

    @Override
    public int outstanding() {
        return uploader.outstanding();
    }
}

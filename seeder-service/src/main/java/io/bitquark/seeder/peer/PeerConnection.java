package io.bitquark.seeder.peer;

import io.bitquark.protocol.peer.AllowedFastSet;
import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.FrameDecoder;
import io.bitquark.protocol.peer.Handshake;
import io.bitquark.protocol.peer.HandshakeException;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireCodec;
import io.bitquark.protocol.peer.PeerWireException;
import io.bitquark.protocol.peer.ReservedBits;
import io.bitquark.protocol.peer.UtMetadataMessage;
import io.bitquark.protocol.peer.mse.MseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One peer's TCP connection, seen from a seed. Everything runs on the server's event loop.
 *
 * <pre>
 * peer                                  seed
 * [encrypted opening (MSE/PE)  &lt;-----&gt;  plaintext selected, see {@link OpeningReader}]
 * handshake header (48 bytes)  ------&gt;  looks the info-hash up; unknown: disconnect
 *                              &lt;------  handshake (fast and extension protocol bits set)
 * peer id (20 bytes)           ------&gt;
 *                              &lt;------  extended handshake, have all | have none | bitfield, allowed fast
 * interested                   ------&gt;  the torrent's choker decides: unchoke
 * request ...                  ------&gt;  {@link RequestPolicy}: serve, reject (BEP 6), ignore or disconnect
 *                              &lt;------  piece ... (read on worker threads, {@link BlockUploader})
 * </pre>
 *
 * <p>Frames are cut by the protocol's {@link FrameDecoder}, which refuses an oversized length prefix before
 * allocating anything. Timeouts (handshake, idle) and keep-alives are driven by the server's sweep timer through
 * {@link #sweep}. Whatever a peer sends, only this connection is affected: it is closed, never the others.
 */
final class PeerConnection implements Chokeable, RequestPolicy.Peer, BlockUploader.Sink {

    private static final Logger LOG = Logger.getLogger(PeerConnection.class);
    private static final ReservedBits OUR_RESERVED =
            ReservedBits.none().withFast(true).withExtensionProtocol(true);
    private static final String UNKNOWN_CLIENT = "unknown";
    /** Header and block of at most 32 piece messages per write. */
    private static final int OUTBOX_COMPONENTS = 64;

    private enum Stage {
        OPENING,
        HEADER,
        PEER_ID,
        ACTIVE,
        CLOSED
    }

    private final PeerWireRuntime runtime;
    private final NetSocket socket;
    private final SocketAddress remote;
    private final long connectedAt;
    private final OpeningReader opening;
    private final HandshakeReader handshake = new HandshakeReader();
    private Stage stage = Stage.OPENING;
    private FrameDecoder decoder;
    private Swarm swarm;
    private ServedTorrent torrent;
    private BlockUploader uploader;
    private CompositeByteBuf outbox;
    private ByteBuffer headers;
    private boolean flushScheduled;
    private AllowedFastSet allowedFast;
    /** The info-hash of this connection's handshake: the v1 hash, or the truncated v2 hash of a v2 or hybrid torrent. */
    private byte[] connectionHash;

    private boolean fast;
    private boolean extensions;
    private int peerMetadataId;
    private int ignoredRequests;
    private long lastReceived;
    private long lastSent;
    private long rateMark;
    private volatile PeerId peerId;
    private volatile boolean choked = true;
    private volatile boolean interested;
    private volatile long uploaded;
    private volatile long uploadRate;

    PeerConnection(PeerWireRuntime runtime, NetSocket socket, long now) {
        this.runtime = runtime;
        this.socket = socket;
        this.remote = socket.remoteAddress();
        this.opening = new OpeningReader(runtime.directory());
        this.connectedAt = now;
        this.lastReceived = now;
        this.lastSent = now;
    }

    /** Starts reading from the socket. */
    void start() {
        socket.setWriteQueueMaxSize(runtime.config().sendBufferWatermark());
        socket.handler(this::received);
        socket.drainHandler(v -> {
            if (uploader != null) {
                uploader.pump();
            }
        });
        socket.exceptionHandler(e -> {
            LOG.debugf("peer %s: %s", remote, e.toString());
            close(DisconnectReason.CLOSED_BY_PEER);
        });
        socket.closeHandler(v -> close(DisconnectReason.CLOSED_BY_PEER));
    }

    /** Closes a connection refused at accept, before anything was read. */
    void refuse(DisconnectReason reason) {
        stage = Stage.CLOSED;
        runtime.listener().peerDisconnected(null, remote, reason);
        socket.close();
    }

    ServedTorrent torrent() {
        return torrent;
    }

    // ---- bytes in

    private void received(Buffer data) {
        if (stage == Stage.CLOSED) {
            return;
        }
        lastReceived = System.nanoTime();
        ByteBuffer in = data.getByteBuf().nioBuffer();
        try {
            if (stage == Stage.OPENING) {
                in = opening.feed(in, reply -> write(Buffer.buffer(reply)));
                if (in == null) {
                    return;
                }
                stage = Stage.HEADER;
            }
            if (stage != Stage.ACTIVE) {
                readHandshake(in);
            }
            if (stage == Stage.ACTIVE && in.hasRemaining()) {
                List<PeerMessage> messages = decoder.feed(in);
                for (int i = 0; i < messages.size() && stage == Stage.ACTIVE; i++) {
                    handle(messages.get(i));
                }
            }
        } catch (HandshakeException e) {
            LOG.debugf("peer %s: %s", remote, e.getMessage());
            close(DisconnectReason.NOT_A_HANDSHAKE);
        } catch (MseException e) {
            LOG.debugf("peer %s: encrypted handshake: %s", remote, e.getMessage());
            close(DisconnectReason.of(e.failure()));
        } catch (PeerWireException e) {
            LOG.debugf("peer %s: %s", remote, e.getMessage());
            // FrameDecoder words every refused length prefix "length prefix N exceeds the limit ..."
            close(
                    e.getMessage().startsWith("length prefix ")
                            ? DisconnectReason.OVERSIZED_FRAME
                            : DisconnectReason.MALFORMED_MESSAGE);
        }
    }

    private void readHandshake(ByteBuffer in) throws HandshakeException {
        handshake.feed(in);
        if (stage == Stage.HEADER && handshake.headerComplete()) {
            headerReceived(handshake.header());
        }
        if (stage == Stage.PEER_ID && handshake.complete()) {
            peerIdReceived(handshake.peerId());
        }
    }

    private void headerReceived(Handshake.Header header) {
        byte[] hash = header.infoHash();
        ServedTorrent found = runtime.directory().find(hash);
        if (found == null) {
            close(DisconnectReason.UNKNOWN_INFO_HASH);
            return;
        }
        if (!found.accepting()) {
            close(DisconnectReason.TORRENT_NOT_ACCEPTING);
            return;
        }
        Swarm joined = runtime.registry().join(this, found, System.nanoTime());
        if (joined == null) {
            torrent = found;
            close(DisconnectReason.TORRENT_CONNECTION_LIMIT);
            return;
        }
        swarm = joined;
        torrent = found;
        connectionHash = hash;
        fast = header.reserved().supportsFast();
        extensions = header.reserved().supportsExtensionProtocol();
        stage = Stage.PEER_ID;
        write(Buffer.buffer(new Handshake(OUR_RESERVED, hash, runtime.localId()).encode()));
    }

    private void peerIdReceived(PeerId id) {
        peerId = id;
        stage = Stage.ACTIVE;
        decoder = new FrameDecoder(runtime.frameLimits());
        uploader = new BlockUploader(torrent, runtime.context(), swarm.throttle(), this);
        Greeting greeting = Greeting.of(torrent, connectionHash, fast, extensions, inetAddress(), runtime);
        allowedFast = greeting.allowedFast();
        if (greeting.bytes().length() > 0) {
            write(greeting.bytes());
        }
        runtime.listener().peerConnected(torrent, remote);
        swarm.choker().peerAdded(this);
    }

    private void handle(PeerMessage message) {
        if (message instanceof PeerMessage.Request request) {
            requested(request);
        } else if (message instanceof PeerMessage.Cancel cancel) {
            if (uploader.cancel(cancel) && fast) {
                send(new PeerMessage.RejectRequest(cancel.pieceIndex(), cancel.begin(), cancel.length()));
            }
        } else if (message instanceof PeerMessage.Interested) {
            interestChanged(true);
        } else if (message instanceof PeerMessage.NotInterested) {
            interestChanged(false);
        } else if (message instanceof PeerMessage.Extended extended) {
            extendedReceived(extended);
        }
        // Anything else (have, bitfield, choke, piece, port, suggest, ...) tells a seed nothing it needs.
    }

    private void requested(PeerMessage.Request request) {
        RequestPolicy.Verdict verdict = runtime.policy().judge(torrent, request, this);
        switch (verdict.action()) {
            case SERVE:
                uploader.add(request);
                break;
            case REJECT:
                rejected(request, verdict.rejectReason(), false);
                break;
            case IGNORE:
                runtime.listener().requestRejected(torrent, remote, verdict.rejectReason());
                if (++ignoredRequests > runtime.config().maxOutstandingRequests()) {
                    close(DisconnectReason.TOO_MANY_REQUESTS);
                }
                break;
            default:
                close(verdict.disconnectReason());
        }
    }

    private void interestChanged(boolean nowInterested) {
        if (interested != nowInterested) {
            interested = nowInterested;
            swarm.choker().interestChanged(this);
        }
    }

    private void extendedReceived(PeerMessage.Extended message) {
        if (message.extendedId() == PeerMessage.Extended.HANDSHAKE_ID) {
            try {
                peerMetadataId = ExtendedHandshake.decode(message)
                        .extensionId(UtMetadataMessage.EXTENSION_NAME)
                        .orElse(0);
            } catch (PeerWireException e) {
                LOG.debugf("peer %s: extended handshake ignored: %s", remote, e.getMessage());
            }
        } else if (message.extendedId() == Greeting.UT_METADATA_ID && !socket.writeQueueFull()) {
            // A peer that does not read its answers gets none: its requests are dropped, never buffered.
            PeerMessage.Extended answer =
                    MetadataResponder.answer(message.payload(), torrent.infoBytes(), peerMetadataId);
            if (answer != null) {
                send(answer);
            }
        }
    }

    // ---- bytes out

    private void write(Buffer buffer) {
        flushOutbox();
        socket.write(buffer);
        lastSent = System.nanoTime();
    }

    private void send(PeerMessage message) {
        write(Buffer.buffer(PeerWireCodec.encode(message)));
    }

    /**
     * Refuses a request: a BEP 6 reject to a fast peer, nothing to another. A reject for an offence is skipped
     * while the socket is over its watermark, so a peer that sends bad requests and reads nothing cannot make us
     * buffer rejects without bound.
     */
    private void rejected(PeerMessage.Request request, RejectReason reason, boolean owed) {
        runtime.listener().requestRejected(torrent, remote, reason);
        if (fast && (owed || !socket.writeQueueFull())) {
            send(PeerMessage.RejectRequest.of(request));
        }
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public void send(PeerMessage.Request request, ByteBuf block) {
        if (stage != Stage.ACTIVE) {
            block.release();
            return;
        }
        if (outbox == null) {
            outbox = Unpooled.compositeBuffer(OUTBOX_COMPONENTS);
            // Off-heap headers: with off-heap blocks the whole write is gathered from where it lies, uncopied.
            headers = ByteBuffer.allocateDirect(OUTBOX_COMPONENTS / 2 * PeerWireCodec.PIECE_HEADER_SIZE);
        }
        ByteBuffer header = headers.slice(headers.position(), PeerWireCodec.PIECE_HEADER_SIZE)
                .put(PeerWireCodec.pieceHeader(request.pieceIndex(), request.begin(), block.readableBytes()))
                .flip();
        headers.position(headers.position() + PeerWireCodec.PIECE_HEADER_SIZE);
        outbox.addComponent(true, Unpooled.wrappedBuffer(header));
        int length = block.readableBytes();
        outbox.addComponent(true, block);
        uploaded += length;
        torrent.uploaded(length);
        if (outbox.numComponents() >= OUTBOX_COMPONENTS) {
            flushOutbox();
        } else if (!flushScheduled) {
            // Blocks that finish reading while this task waits join the same write: one syscall for many.
            flushScheduled = true;
            runtime.context().runOnContext(v -> {
                flushScheduled = false;
                flushOutbox();
            });
        }
    }

    /** Writes the piece messages gathered so far, header and block after header and block, in one write. */
    private void flushOutbox() {
        CompositeByteBuf pieces = outbox;
        outbox = null;
        headers = null;
        if (pieces == null) {
            return;
        }
        if (stage != Stage.ACTIVE) {
            pieces.release();
            return;
        }
        // Vert.x never releases what it is given to write: the blocks (pooled) go back once the write is done.
        socket.write(Buffer.buffer(pieces), written -> pieces.release());
        lastSent = System.nanoTime();
    }

    @Override
    public void readFailed(PeerMessage.Request request, Throwable failure) {
        if (stage != Stage.ACTIVE) {
            return;
        }
        if (!(failure instanceof PieceUnavailableException)) {
            LOG.warnf(
                    "reading piece %d of %s for %s failed: %s",
                    request.pieceIndex(), torrent.id(), remote, failure.toString());
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
    public void choke() {
        if (choked || stage != Stage.ACTIVE) {
            return;
        }
        choked = true;
        send(PeerMessage.Choke.INSTANCE);
        runtime.listener().chokeChanged(torrent, remote, true);
        // BEP 3: a choke discards the peer's waiting requests; BEP 6: a fast peer is told so, one reject each,
        // and keeps the ones for allowed-fast pieces.
        for (PeerMessage.Request dropped : uploader.dropWaiting(this::allowedFast)) {
            rejected(dropped, RejectReason.CHOKED_WHILE_QUEUED, true);
        }
    }

    @Override
    public void unchoke() {
        if (!choked || stage != Stage.ACTIVE) {
            return;
        }
        choked = false;
        ignoredRequests = 0;
        send(PeerMessage.Unchoke.INSTANCE);
        runtime.listener().chokeChanged(torrent, remote, false);
        uploader.pump();
    }

    // ---- what the request policy asks

    @Override
    public boolean fast() {
        return fast;
    }

    @Override
    public boolean allowedFast(int pieceIndex) {
        return allowedFast != null && allowedFast.contains(pieceIndex);
    }

    @Override
    public int outstanding() {
        return uploader.outstanding();
    }

    // ---- timers and the end

    /**
     * Called by the server's sweep timer: ends a connection whose handshake is late or that has been silent for
     * the idle timeout, and sends a keep-alive when we have sent nothing for the keep-alive interval.
     */
    void sweep(long now) {
        if (stage == Stage.CLOSED) {
            return;
        }
        if (stage != Stage.ACTIVE) {
            if (now - connectedAt >= runtime.config().handshakeTimeout().toNanos()) {
                close(DisconnectReason.HANDSHAKE_TIMEOUT);
            }
        } else if (now - lastReceived >= runtime.config().idleTimeout().toNanos()) {
            close(DisconnectReason.IDLE);
        } else if (now - lastSent >= runtime.config().keepAliveInterval().toNanos()) {
            send(PeerMessage.KeepAlive.INSTANCE);
        }
    }

    /** Updates the upload rate from the bytes sent over the last {@code elapsedNanos}. */
    void sampleRate(long elapsedNanos) {
        long total = uploaded;
        uploadRate = elapsedNanos <= 0 ? 0 : (total - rateMark) * 1_000_000_000L / elapsedNanos;
        rateMark = total;
    }

    long uploadRate() {
        return uploadRate;
    }

    /** Sends {@code have} for a piece that became available (a partial seed finished verifying it). */
    void have(int pieceIndex) {
        if (stage == Stage.ACTIVE) {
            send(new PeerMessage.Have(pieceIndex));
        }
    }

    /** Closes the connection (once) and tells the registry, the choker and the listener. */
    void close(DisconnectReason reason) {
        if (stage == Stage.CLOSED) {
            return;
        }
        boolean wasActive = stage == Stage.ACTIVE;
        stage = Stage.CLOSED;
        if (uploader != null) {
            uploader.close();
        }
        runtime.registry().remove(this, swarm);
        if (wasActive) {
            swarm.choker().peerRemoved(this);
        }
        if (reason.offence()) {
            LOG.debugf("peer %s disconnected: %s", remote, reason.tag());
        }
        runtime.listener().peerDisconnected(torrent, remote, reason);
        socket.close();
    }

    PeerSnapshot snapshot() {
        PeerId id = peerId;
        String client = id == null
                ? UNKNOWN_CLIENT
                : id.client().map(PeerId.Client::toString).orElse(UNKNOWN_CLIENT);
        return new PeerSnapshot(
                remote.hostAddress(),
                remote.port(),
                client,
                id == null ? "" : id.toString(),
                uploaded,
                uploadRate,
                choked,
                interested);
    }

    private InetAddress inetAddress() {
        try {
            String host = remote.hostAddress();
            return host == null ? null : InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
